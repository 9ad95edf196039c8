package io.shipsync.wechat;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * A shop's WeChat Shop (微信小店) account: API credentials and the message-push secrets. The secrets are held as
 * stored, sealed; {@link PlatformSecrets} opens and seals them.
 */
@Entity
@Table(name = "platform_accounts")
public class PlatformAccount extends PanacheEntityBase {

    @Id
    @Column(name = "shop_id")
    public String shopId;
    @Column(name = "app_id")
    public String appId;
    @Column(name = "app_secret")
    public String sealedAppSecret;
    @Column(name = "push_token")
    public String sealedPushToken;
    @Column(name = "encoding_aes_key")
    public String sealedEncodingAesKey;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<PlatformAccount> of(String shopId) {
        return findByIdOptional(shopId);
    }

    /** The shop and app only: not even the sealed secrets belong in a log line. */
    @Override
    public String toString() {
        return "PlatformAccount[shop=" + shopId + ", appId=" + appId + "]";
    }
}
