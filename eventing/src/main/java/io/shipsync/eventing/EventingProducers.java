package io.shipsync.eventing;

import io.shipsync.events.EventCodec;
import io.shipsync.events.EventValidator;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The event contracts' codec and validator as beans: built once, they cache mappers and schemas. */
public class EventingProducers {

    @Produces
    @Singleton
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Produces
    @Singleton
    EventValidator eventValidator() {
        return new EventValidator();
    }
}
