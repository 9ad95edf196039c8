package io.shipsync.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiverTest {

    @Test
    void masksWhatWouldIdentifyOrLocateTheBuyer() {
        Receiver receiver = Receiver.masked("张三丰", "13812341234", "科技园南区深南大道10000号");
        assertThat(receiver.name()).isEqualTo("张**");
        assertThat(receiver.phone()).isEqualTo("138****1234");
        assertThat(receiver.address()).isEqualTo("科技园南****");
        assertThat(Receiver.masked(null, "", null)).isEqualTo(new Receiver(null, null, null));
        assertThat(Receiver.masked("A", "1234", "x").phone()).isEqualTo("****");
    }
}
