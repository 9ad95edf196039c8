package io.shipsync.sim;

import java.math.BigInteger;

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

    /**
     * {@link #sample()} with a mobile number of its own derived from the order id (11 digits, {@code 1[3-9]…}): the
     * same order always has the same number, and two orders rarely share one, so a test can tell whose it sees.
     */
    static Address sampleFor(String orderId) {
        long n = new BigInteger(Require.orderId(orderId)).mod(BigInteger.valueOf(7_000_000_000L)).longValue();
        String phone = "1" + (3 + n / 1_000_000_000L) + String.format("%09d", n % 1_000_000_000L);
        Address sample = sample();
        return new Address(sample.userName(), phone, sample.provinceName(), sample.cityName(), sample.countyName(),
                sample.detailInfo(), sample.postalCode());
    }
}
