package io.shipsync.order;

import io.shipsync.eventing.secrets.SealedColumn;
import io.shipsync.eventing.secrets.SealedColumns;
import io.shipsync.eventing.secrets.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * The one way an order keeps who bought it (买家身份): the buyer's openid and IP are personal data that no person reads
 * here. The fraud rule counts their keyed fingerprints ({@link SecretCipher#fingerprint}); the openid itself is
 * sealed for its order (AES-GCM) because messaging the buyer needs it; the IP is not kept. Registered as a sealed
 * column, plaintext openids of older rows are sealed at start and every openid is re-sealed by a rotation.
 */
@ApplicationScoped
public class BuyerIdentity implements SealedColumns {

    static final SealedColumn OPENID = new SealedColumn("orders", List.of("shop_id", "order_id"), "openid");
    private static final String OPENID_PURPOSE = "buyer-openid";
    private static final String IP_PURPOSE = "buyer-ip";

    private final SecretCipher cipher;

    BuyerIdentity(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public List<SealedColumn> sealedColumns() {
        return List.of(OPENID);
    }

    /**
     * Keeps what the platform says of the order's buyer. An openid already held is left as it is: sealing again
     * would rewrite the row on every sync for nothing.
     */
    public void remember(Order order, String openid, String buyerIp) {
        if (openid != null && !openid.isBlank()) {
            String fingerprint = cipher.fingerprint(OPENID_PURPOSE, openid);
            if (!fingerprint.equals(order.openidFingerprint) || order.sealedOpenid == null) {
                order.openidFingerprint = fingerprint;
                order.sealedOpenid = cipher.seal(openid, OPENID.place(order.shopId, order.orderId));
            }
        }
        if (buyerIp != null && !buyerIp.isBlank()) {
            order.buyerIpFingerprint = cipher.fingerprint(IP_PURPOSE, buyerIp);
        }
    }

    /** The buyer's openid, to message them; empty when the platform never named one. */
    public Optional<String> openid(Order order) {
        return Optional.ofNullable(order.sealedOpenid).map(sealed -> cipher.open(sealed, OPENID.place(order.shopId, order.orderId)));
    }
}
