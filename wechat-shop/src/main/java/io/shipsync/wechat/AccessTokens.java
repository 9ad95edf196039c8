package io.shipsync.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.eventing.secrets.SecretUnreadable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Stable access tokens (/cgi-bin/stable_token), cached in the database for every replica. A refresh
 * takes a transaction-scoped advisory lock per shop, so one replica refreshes while the others wait and
 * then read its token; re-fetching on each replica would only burn the daily quota. Tokens are stored sealed
 * ({@link PlatformSecrets}); a cached one that does not open is only a cache miss: a new one is fetched over it.
 */
@ApplicationScoped
public class AccessTokens {

    private static final Logger LOG = Logger.getLogger(AccessTokens.class);

    /** The platform rotates 5 minutes early; refresh before that. */
    private static final Duration EARLY = Duration.ofMinutes(5);
    /** force_refresh is limited to 20 a day, at least 30 s apart. */
    private static final Duration FORCE_GAP = Duration.ofSeconds(30);

    private final EntityManager entityManager;
    private final PlatformHttp http;
    private final PlatformSecrets secrets;
    private final Clock clock;

    AccessTokens(EntityManager entityManager, PlatformHttp http, PlatformSecrets secrets, Clock clock) {
        this.entityManager = entityManager;
        this.http = http;
        this.secrets = secrets;
        this.clock = clock;
    }

    public String current(String shopId) {
        String cached = QuarkusTransaction.requiringNew().call(() -> {
            List<?> valid = entityManager.createNativeQuery("""
                    SELECT access_token FROM platform_access_tokens WHERE shop_id = ?1 AND expires_at > ?2""")
                    .setParameter(1, shopId).setParameter(2, clock.instant().plus(EARLY)).getResultList();
            return valid.isEmpty() ? null : open(shopId, (String) valid.get(0));
        });
        return cached != null ? cached : refresh(shopId, null);
    }

    /**
     * Fetches a new token. {@code rejected} is the token the platform just refused (40001/42001): if
     * another replica has already replaced it, that one is used; otherwise a forced refresh is made.
     */
    public String refresh(String shopId, String rejected) {
        return QuarkusTransaction.requiringNew().call(() -> {
            entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))")
                    .setParameter(1, "wechat-token:" + shopId).getSingleResult();
            Instant now = clock.instant();
            List<?> rows = entityManager.createNativeQuery("""
                    SELECT access_token, expires_at, refreshed_at FROM platform_access_tokens WHERE shop_id = ?1""")
                    .setParameter(1, shopId).getResultList();
            if (!rows.isEmpty()) {
                Object[] row = (Object[]) rows.get(0);
                String cached = open(shopId, (String) row[0]);
                boolean fresh = ((Instant) row[1]).isAfter(now.plus(EARLY));
                if (fresh && cached != null && !cached.equals(rejected)) {
                    return cached;
                }
            }
            PlatformAccount account = PlatformAccount.<PlatformAccount>findByIdOptional(shopId)
                    .orElseThrow(() -> new PlatformError(PlatformError.NO_ACCOUNT, "shop " + shopId + " has no WeChat Shop account configured"));
            boolean force = rejected != null && (rows.isEmpty()
                    || ((Instant) ((Object[]) rows.get(0))[2]).isBefore(now.minus(FORCE_GAP)));
            JsonNode token = http.post("/cgi-bin/stable_token", null, Map.of(
                    "grant_type", "client_credential", "appid", account.appId, "secret", secrets.appSecret(account),
                    "force_refresh", force));
            String accessToken = token.path("access_token").asText();
            entityManager.createNativeQuery("""
                    INSERT INTO platform_access_tokens (shop_id, access_token, expires_at, refreshed_at)
                    VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (shop_id) DO UPDATE SET access_token = EXCLUDED.access_token,
                        expires_at = EXCLUDED.expires_at, refreshed_at = EXCLUDED.refreshed_at""")
                    .setParameter(1, shopId).setParameter(2, secrets.sealAccessToken(shopId, accessToken))
                    .setParameter(3, now.plusSeconds(token.path("expires_in").asLong(7200)))
                    .setParameter(4, now)
                    .executeUpdate();
            return accessToken;
        });
    }

    /** The cached token, or null (a miss) when it does not open. */
    private String open(String shopId, String sealed) {
        try {
            return secrets.openAccessToken(shopId, sealed);
        } catch (SecretUnreadable e) {
            LOG.warnf("%s; fetching a new token over it", e.getMessage());
            return null;
        }
    }
}
