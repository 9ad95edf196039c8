package io.shipsync.alerting.notify;

import io.shipsync.alerting.Rule;
import io.shipsync.eventing.secrets.SealedColumn;
import io.shipsync.eventing.secrets.SealedColumns;
import io.shipsync.eventing.secrets.SecretCipher;
import io.shipsync.events.AlertSeverity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.Session;

/**
 * Rows of {@code notification_channels} and {@code notification_quiet_hours}. A channel's secret (the robot's key,
 * the webhook's HMAC key, the Tencent Cloud SecretKey) is stored sealed for its channel (eventing's SecretCipher):
 * registered as a sealed column, plaintext left by an older version is sealed at start and a rotation re-seals it.
 */
@ApplicationScoped
public class ChannelRepository implements SealedColumns {

    static final SealedColumn SECRET = new SealedColumn("notification_channels", List.of("shop_id", "channel_id"), "secret");

    private static final String COLUMNS = """
            shop_id, channel_id, kind, enabled, url, secret, min_severity, array_to_string(rules, ',') AS rules, per_minute, max_attempts,
            sms_secret_id, sms_app_id, sms_sign_name, sms_template_id, sms_buyer_template_id,
            array_to_string(sms_recipients, ',') AS sms_recipients, updated_at, updated_by""";

    private final Session session;
    private final SecretCipher cipher;

    ChannelRepository(Session session, SecretCipher cipher) {
        this.session = session;
        this.cipher = cipher;
    }

    @Override
    public List<SealedColumn> sealedColumns() {
        return List.of(SECRET);
    }

    public List<Channel> all(String shopId) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM notification_channels WHERE shop_id = ?1 ORDER BY channel_id",
                        Tuple.class).setParameter(1, shopId).getResultList().stream().map(this::channel).toList();
    }

    public Optional<Channel> find(String shopId, String channelId) {
        return select(shopId, channelId, "");
    }

    /** The channel, its row locked until the transaction ends: attempts on it take turns counting its rate. */
    public Optional<Channel> lock(String shopId, String channelId) {
        return select(shopId, channelId, " FOR UPDATE");
    }

    private Optional<Channel> select(String shopId, String channelId, String lock) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM notification_channels WHERE shop_id = ?1 AND channel_id = ?2"
                        + lock, Tuple.class).setParameter(1, shopId).setParameter(2, channelId)
                .getResultList().stream().findFirst().map(this::channel);
    }

    public Channel save(Channel c) {
        return channel(session.createNativeQuery("""
                INSERT INTO notification_channels (shop_id, channel_id, kind, enabled, url, secret, min_severity, rules,
                    per_minute, max_attempts, updated_at, updated_by, sms_secret_id, sms_app_id, sms_sign_name,
                    sms_template_id, sms_buyer_template_id, sms_recipients)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CAST(?8 AS varchar[]), ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                    CAST(?18 AS varchar[]))
                ON CONFLICT (shop_id, channel_id) DO UPDATE SET kind = EXCLUDED.kind, enabled = EXCLUDED.enabled,
                    url = EXCLUDED.url, secret = EXCLUDED.secret, min_severity = EXCLUDED.min_severity, rules = EXCLUDED.rules,
                    per_minute = EXCLUDED.per_minute, max_attempts = EXCLUDED.max_attempts,
                    updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by,
                    sms_secret_id = EXCLUDED.sms_secret_id, sms_app_id = EXCLUDED.sms_app_id,
                    sms_sign_name = EXCLUDED.sms_sign_name, sms_template_id = EXCLUDED.sms_template_id,
                    sms_buyer_template_id = EXCLUDED.sms_buyer_template_id, sms_recipients = EXCLUDED.sms_recipients
                RETURNING\s""" + COLUMNS, Tuple.class)
                .setParameter(1, c.shopId()).setParameter(2, c.channelId()).setParameter(3, c.kind().name())
                .setParameter(4, c.enabled()).setParameter(5, c.url()).setParameter(6, cipher.seal(c.secret(), SECRET.place(c.shopId(), c.channelId())))
                .setParameter(7, c.minSeverity().name())
                .setParameter(8, c.rules().isEmpty() ? null : c.rules().stream().map(Enum::name).sorted().toArray(String[]::new))
                .setParameter(9, c.perMinute()).setParameter(10, c.maxAttempts()).setParameter(11, c.updatedAt())
                .setParameter(12, c.updatedBy())
                .setParameter(13, c.sms() == null ? null : c.sms().secretId())
                .setParameter(14, c.sms() == null ? null : c.sms().sdkAppId())
                .setParameter(15, c.sms() == null ? null : c.sms().signName())
                .setParameter(16, c.sms() == null ? null : c.sms().templateId())
                .setParameter(17, c.sms() == null ? null : c.sms().buyerTemplateId())
                .setParameter(18, c.sms() == null ? null : c.sms().recipients().toArray(String[]::new))
                .getSingleResult());
    }

    public Optional<QuietHours> quietHours(String shopId) {
        return session.createNativeQuery("""
                        SELECT to_char(starts, 'HH24:MI') AS starts, to_char(ends, 'HH24:MI') AS ends, zone, updated_at, updated_by FROM notification_quiet_hours WHERE shop_id = ?1""",
                        Tuple.class).setParameter(1, shopId).getResultList().stream().findFirst()
                .map(r -> new QuietHours(LocalTime.parse(r.get("starts", String.class)), LocalTime.parse(r.get("ends", String.class)),
                        ZoneId.of(r.get("zone", String.class)), r.get("updated_at", Instant.class),
                        r.get("updated_by", String.class)));
    }

    public void saveQuietHours(String shopId, QuietHours quiet) {
        session.createNativeQuery("""
                        INSERT INTO notification_quiet_hours (shop_id, starts, ends, zone, updated_at, updated_by)
                        VALUES (?1, CAST(?2 AS time), CAST(?3 AS time), ?4, ?5, ?6)
                        ON CONFLICT (shop_id) DO UPDATE SET starts = EXCLUDED.starts, ends = EXCLUDED.ends, zone = EXCLUDED.zone,
                            updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by""")
                .setParameter(1, shopId).setParameter(2, quiet.starts().toString()).setParameter(3, quiet.ends().toString())
                .setParameter(4, quiet.zone().getId()).setParameter(5, quiet.updatedAt()).setParameter(6, quiet.updatedBy())
                .executeUpdate();
    }

    public void deleteQuietHours(String shopId) {
        session.createNativeQuery("DELETE FROM notification_quiet_hours WHERE shop_id = ?1").setParameter(1, shopId)
                .executeUpdate();
    }

    private Channel channel(Tuple r) {
        String rules = r.get("rules", String.class);
        String recipients = r.get("sms_recipients", String.class);
        Channel.Sms sms = r.get("sms_secret_id", String.class) == null ? null : new Channel.Sms(
                r.get("sms_secret_id", String.class), r.get("sms_app_id", String.class), r.get("sms_sign_name", String.class),
                r.get("sms_template_id", String.class), r.get("sms_buyer_template_id", String.class),
                recipients == null || recipients.isEmpty() ? List.of() : List.of(recipients.split(",")));
        return new Channel(r.get("shop_id", String.class), r.get("channel_id", String.class),
                ChannelKind.valueOf(r.get("kind", String.class)), r.get("enabled", Boolean.class), r.get("url", String.class),
                cipher.open(r.get("secret", String.class), SECRET.place(r.get("shop_id", String.class), r.get("channel_id", String.class))),
                AlertSeverity.valueOf(r.get("min_severity", String.class)),
                rules == null || rules.isEmpty() ? Set.of() : Arrays.stream(rules.split(",")).map(Rule::valueOf).collect(Collectors.toSet()),
                r.get("per_minute", Integer.class), r.get("max_attempts", Integer.class), sms, r.get("updated_at", Instant.class),
                r.get("updated_by", String.class));
    }
}
