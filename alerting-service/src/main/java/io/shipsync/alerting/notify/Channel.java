package io.shipsync.alerting.notify;

import io.shipsync.alerting.Rule;
import io.shipsync.events.AlertSeverity;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One of a shop's notification channels (通知渠道) and which alerts go to it.
 *
 * @param channelId   the shop's own name for it
 * @param url         the webhook's URL; null for a WeCom robot (its URL is the configured one plus the key)
 * @param secret      the robot's key or the webhook's HMAC key; never returned by the API
 * @param minSeverity alerts below it are not sent
 * @param rules       the rules whose alerts are sent; empty for every rule
 * @param perMinute   at most this many requests in any minute
 * @param maxAttempts tries of one message before it is given up as FAILED
 * @param sms         the Tencent Cloud SMS settings of an SMS channel, else null
 */
public record Channel(String shopId, String channelId, ChannelKind kind, boolean enabled, String url, String secret,
                      AlertSeverity minSeverity, Set<Rule> rules, int perMinute, int maxAttempts, Sms sms,
                      Instant updatedAt, String updatedBy) {

    public Channel {
        rules = Set.copyOf(rules);
    }

    /**
     * Tencent Cloud SMS settings (the {@code secret} is the SecretKey).
     *
     * @param secretId        the API key's SecretId
     * @param sdkAppId        SmsSdkAppId of the SMS application
     * @param signName        the approved signature (签名), e.g. the shop's name
     * @param templateId      the approved template alerts are sent with; its parameters: severity, rule, subject
     * @param buyerTemplateId the template of the stall ladder's buyer reminder (提醒买家); null sends none
     * @param recipients      the shop's staff who get alerts, +86 and 11 digits each
     */
    public record Sms(String secretId, String sdkAppId, String signName, String templateId, String buyerTemplateId,
                      List<String> recipients) {

        public Sms {
            recipients = List.copyOf(recipients);
        }
    }

    /** A phone number as the API and logs show it: +86138****0000. */
    public static String maskPhone(String number) {
        return number.length() < 8 ? "****" : number.substring(0, number.length() - 8) + "****"
                + number.substring(number.length() - 4);
    }

    /** Whether an alert of this rule and severity is sent here. */
    public boolean takes(Rule rule, AlertSeverity severity) {
        return enabled && severity.compareTo(minSeverity) >= 0 && (rules.isEmpty() || rules.contains(rule))
                && (sms == null || !sms.recipients().isEmpty());
    }

    /** The secret as the API shows it: its last four characters at most, so an operator can tell keys apart. */
    public String maskedSecret() {
        return secret.length() < 12 ? "****" : "****" + secret.substring(secret.length() - 4);
    }
}
