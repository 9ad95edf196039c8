package io.shipsync.sim;

import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Access tokens (接口调用凭证), per shop, in two independent chains as on the platform: {@code /cgi-bin/token}
 * issues a new token on every call and {@code /cgi-bin/stable_token} returns the current one until it nears
 * expiry or {@code force_refresh} is asked. A token replaced by a new one in its chain stays valid at most
 * 5 more minutes (reference §1.1).
 */
final class AccessTokens {

    static final long LIFETIME_SECONDS = 7200;
    static final long ROTATION_GRACE_SECONDS = 300;

    enum Chain { TOKEN, STABLE }

    /** What a token endpoint answers: the token and its remaining lifetime in seconds. */
    record Issued(String accessToken, long expiresIn) {
    }

    private static final class Grant {
        final String token;
        final String shopId;
        long expiresAt;

        Grant(String token, String shopId, long expiresAt) {
            this.token = token;
            this.shopId = shopId;
            this.expiresAt = expiresAt;
        }
    }

    private final Clock clock;
    private final Random random;
    private final Map<String, Grant> byToken = new HashMap<>();
    private final Map<String, Grant> current = new HashMap<>();

    AccessTokens(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    synchronized Issued issue(String shopId, Chain chain, boolean forceRefresh) {
        long now = clock.instant().getEpochSecond();
        byToken.values().removeIf(g -> g.expiresAt <= now);
        String key = chain + "|" + shopId;
        Grant previous = current.get(key);
        if (chain == Chain.STABLE && !forceRefresh && previous != null
                && previous.expiresAt - now >= ROTATION_GRACE_SECONDS) {
            return new Issued(previous.token, previous.expiresAt - now);
        }
        if (previous != null) {
            previous.expiresAt = Math.min(previous.expiresAt, now + ROTATION_GRACE_SECONDS);
        }
        Grant grant = new Grant(newToken(), shopId, now + LIFETIME_SECONDS);
        byToken.put(grant.token, grant);
        current.put(key, grant);
        return new Issued(grant.token, LIFETIME_SECONDS);
    }

    /** The shop a token belongs to, or null when it is unknown, replaced past its grace, or expired. */
    synchronized String shopFor(String token) {
        Grant grant = token == null ? null : byToken.get(token);
        if (grant == null || grant.expiresAt <= clock.instant().getEpochSecond()) {
            return null;
        }
        return grant.shopId;
    }

    synchronized void reset() {
        byToken.clear();
        current.clear();
    }

    /** Shaped like the platform's: a numeric prefix and a long URL-safe body (clients must store ≥512 chars). */
    private String newToken() {
        byte[] bytes = new byte[96];
        random.nextBytes(bytes);
        return "86_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
