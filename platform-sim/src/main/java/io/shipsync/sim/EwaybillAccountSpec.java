package io.shipsync.sim;

import java.util.List;

/**
 * An e-waybill account (电子面单账号) a shop bound in its backend: a 网点 of a 加盟 carrier ({@code siteCode},
 * {@code siteName}) or a 月结账号 of a 直营 one ({@code monthlyCard}). Everything but {@code deliveryId} may be
 * left out: the acct_id, site or monthly card are generated, {@code status} is 3 (normal), {@code available}
 * (numbers left) 1000, and the sender address is {@link EwaybillParty#warehouse()}.
 */
public record EwaybillAccountSpec(String deliveryId, String acctId, String siteCode, String siteName,
                                  String monthlyCard, Integer status, Long available,
                                  List<EwaybillParty> senderAddresses) {

    public EwaybillAccountSpec {
        Require.text(deliveryId, "deliveryId");
        if (!DeliveryCompanies.offersEwaybill(deliveryId)) {
            throw new IllegalArgumentException("deliveryId " + deliveryId + " offers no e-waybills");
        }
        if (status != null && (status < EwaybillAccountView.PENDING || status > EwaybillAccountView.UNBOUND)) {
            throw new IllegalArgumentException("status is 1 pending, 2 unauthorized, 3 normal or 4 unbound");
        }
        if (available != null && available < 0) {
            throw new IllegalArgumentException("available must not be negative");
        }
        senderAddresses = senderAddresses == null ? null : List.copyOf(senderAddresses);
    }

    public static EwaybillAccountSpec of(String deliveryId) {
        return new EwaybillAccountSpec(deliveryId, null, null, null, null, null, null, null);
    }

    public EwaybillAccountSpec withAvailable(long numbers) {
        return new EwaybillAccountSpec(deliveryId, acctId, siteCode, siteName, monthlyCard, status, numbers,
                senderAddresses);
    }

    public EwaybillAccountSpec withStatus(int value) {
        return new EwaybillAccountSpec(deliveryId, acctId, siteCode, siteName, monthlyCard, value, available,
                senderAddresses);
    }
}
