package io.shipsync.alerting.messaging;

import io.shipsync.alerting.operations.CarrierAccountRepository;
import io.shipsync.alerting.rule.CarrierAccountRule;
import io.shipsync.eventing.inbox.EventConsumer;
import io.shipsync.eventing.inbox.Inbox;
import io.shipsync.eventing.inbox.ReceivedEvent;
import io.shipsync.events.CarrierAccountChanged;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** E-waybill account checks ({@code shipsync.carrier-account}, keyed by account): projected, then the account rule. */
@ApplicationScoped
public class CarrierAccountEventsConsumer implements EventConsumer {

    static final String CHANNEL = "carrier-account-events";

    private final Inbox inbox;
    private final CarrierAccountRepository accounts;
    private final CarrierAccountRule rule;

    CarrierAccountEventsConsumer(Inbox inbox, CarrierAccountRepository accounts, CarrierAccountRule rule) {
        this.inbox = inbox;
        this.accounts = accounts;
        this.rule = rule;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        inbox.receive(record, this);
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void apply(ReceivedEvent event) {
        if (event.payload() instanceof CarrierAccountChanged changed) {
            accounts.changed(event.shopId(), changed);
            rule.changed(event, changed);
        }
    }
}
