package io.shipsync.alerting.notify;

/** The kinds of notification channel (通知渠道) a shop can send its alerts to. */
public enum ChannelKind {
    /** A WeCom (企业微信) group robot: markdown messages to its webhook, by its key. */
    WECOM_ROBOT(20),
    /** Any HTTPS endpoint taking a JSON body signed with HMAC-SHA256 over timestamp + body. */
    WEBHOOK(60),
    /** SMS (短信) through Tencent Cloud SMS API 3.0 SendSms, a template and its parameters, to the shop's staff. */
    SMS(10);

    private final int defaultPerMinute;

    ChannelKind(int defaultPerMinute) {
        this.defaultPerMinute = defaultPerMinute;
    }

    /** Messages a minute the channel takes unless the shop says otherwise (a WeCom robot's documented 20). */
    public int defaultPerMinute() {
        return defaultPerMinute;
    }
}
