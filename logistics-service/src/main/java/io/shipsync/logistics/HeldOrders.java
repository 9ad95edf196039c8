package io.shipsync.logistics;

import java.util.List;
import java.util.stream.Collectors;

/** A print run named orders that are held: none of them is printed until each hold is released. */
public class HeldOrders extends RuntimeException {

    private final List<QueuedOrder> held;

    public HeldOrders(List<QueuedOrder> held) {
        super(held.stream().map(o -> o.orderId() + " is held (" + o.hold().reason() + ": " + o.hold().detail() + ")")
                .collect(Collectors.joining("; ")));
        this.held = List.copyOf(held);
    }

    public List<QueuedOrder> held() {
        return held;
    }
}
