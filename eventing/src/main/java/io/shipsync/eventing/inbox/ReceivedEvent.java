package io.shipsync.eventing.inbox;

import io.shipsync.events.DomainEvent;
import io.shipsync.events.EventEnvelope;

/** An event handed to a consumer: its envelope (ids, shop, correlation) and its typed payload. */
public record ReceivedEvent(EventEnvelope envelope, DomainEvent payload) {

    public String shopId() {
        return envelope.shopId();
    }
}
