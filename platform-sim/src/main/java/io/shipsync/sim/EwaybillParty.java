package io.shipsync.sim;

/** A sender or receiver as the e-waybill APIs carry them ({@code name, mobile, province, city, county, street, address}). */
public record EwaybillParty(String name, String mobile, String province, String city, String county, String street,
                            String address) {

    public EwaybillParty {
        Require.text(name, "name");
        Require.text(mobile, "mobile");
    }

    /** The sender address a seeded account comes with: a warehouse in Hangzhou. */
    public static EwaybillParty warehouse() {
        return new EwaybillParty("ShipSync 仓", "13700000000", "浙江省", "杭州市", "余杭区", "仓前街道", "梦想小镇 1 号");
    }
}
