package io.shipsync.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuyerMaskTest {

    @Test
    void openidsKeepTheirEndsOnly() {
        assertThat(BuyerMask.openid("oXYZ1234567890abcdefghijklmn")).isEqualTo("oXY***lmn");
        assertThat(BuyerMask.openid("o-short")).isEqualTo("***");
        assertThat(BuyerMask.openid(null)).isEqualTo("***");
    }

    @Test
    void addressesKeepTheirNetworkOnly() {
        assertThat(BuyerMask.ip("203.0.113.77")).isEqualTo("203.0.113.*");
        assertThat(BuyerMask.ip("2001:db8:85a3::8a2e:370:7334")).isEqualTo("2001:db8:***");
        assertThat(BuyerMask.ip("::1")).isEqualTo("***");
        assertThat(BuyerMask.ip("not-an-ip")).isEqualTo("***");
        assertThat(BuyerMask.ip(null)).isEqualTo("***");
    }
}
