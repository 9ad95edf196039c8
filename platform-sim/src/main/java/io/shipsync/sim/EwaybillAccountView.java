package io.shipsync.sim;

import java.util.List;

/**
 * An e-waybill account as the platform holds it. {@code status} values are ShipSync's (the reference lists
 * none): 1 pending review, 2 unauthorized (未认证), 3 normal, 4 unbound. {@code available} is the balance of
 * numbers left; {@code allocated} numbers taken, {@code cancelled} numbers given back by cancel.
 * {@code companyType} 1 加盟 (with a site), 2 直营 (with a monthly card).
 */
public record EwaybillAccountView(String shopId, String deliveryId, String acctId, int companyType, String siteCode,
                                  String siteName, String monthlyCard, int status, long available, long allocated,
                                  long cancelled, List<EwaybillParty> senderAddresses) {

    public static final int PENDING = 1;
    public static final int UNAUTHORIZED = 2;
    public static final int NORMAL = 3;
    public static final int UNBOUND = 4;
}
