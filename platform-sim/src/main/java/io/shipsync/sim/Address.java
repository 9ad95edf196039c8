package io.shipsync.sim;

/** The receiver address of an order ({@code delivery_info.address_info}). */
public record Address(String userName, String telNumber, String provinceName, String cityName, String countyName,
                      String detailInfo, String postalCode) {

    public Address {
        Require.text(userName, "address.userName");
        Require.text(telNumber, "address.telNumber");
    }

    /** A plausible receiver for scenarios that do not care about the address. */
    public static Address sample() {
        return new Address("张三", "13800138000", "浙江省", "杭州市", "西湖区", "文三路 100 号", "310000");
    }
}
