package io.shipsync.order;

/**
 * How a buyer's openid and IP appear where a person reads them (a hold's detail): enough for an operator to see
 * that two holds name the same buyer or network, not enough to identify or contact the buyer.
 */
public final class BuyerMask {

    private static final String HIDDEN = "***";

    private BuyerMask() {
    }

    /** The first and last 3 characters of an openid (28 in all); a short one is hidden whole. */
    public static String openid(String openid) {
        if (openid == null || openid.length() <= 8) {
            return HIDDEN;
        }
        return openid.substring(0, 3) + HIDDEN + openid.substring(openid.length() - 3);
    }

    /** An IPv4 address to its /24 ({@code 203.0.113.*}), an IPv6 one to its first two groups. */
    public static String ip(String ip) {
        if (ip == null) {
            return HIDDEN;
        }
        if (ip.indexOf(':') >= 0) {
            String[] groups = ip.split(":", -1);
            return groups.length >= 3 && !groups[0].isEmpty() && !groups[1].isEmpty()
                    ? groups[0] + ":" + groups[1] + ":" + HIDDEN : HIDDEN;
        }
        int last = ip.lastIndexOf('.');
        return last > 0 && ip.chars().filter(c -> c == '.').count() == 3 ? ip.substring(0, last) + ".*" : HIDDEN;
    }
}
