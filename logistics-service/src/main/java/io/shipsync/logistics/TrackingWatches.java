package io.shipsync.logistics;

import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.Region;
import io.shipsync.events.ShippedPackage;
import io.shipsync.trackingfeed.TrackingFeeds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every number declared to the platform (发货) is watched: OrderShipped starts a watch per package and puts its
 * subscription on the work queue {@value TrackingSubscriber#QUEUE}. A corrected declaration (deliveryinfo/update)
 * replaces the packages declared so far, so the watches of numbers it dropped move to the new number; a carrier
 * switch ({@link CarrierSwitches}) completes that way.
 */
@ApplicationScoped
public class TrackingWatches {

    private final TrackingRepository repository;
    private final PrintQueueRepository orders;
    private final TrackingFeeds feeds;
    private final WorkQueue work;
    private final CarrierSwitches switches;

    TrackingWatches(TrackingRepository repository, PrintQueueRepository orders, TrackingFeeds feeds, WorkQueue work,
                    CarrierSwitches switches) {
        this.repository = repository;
        this.orders = orders;
        this.feeds = feeds;
        this.work = work;
        this.switches = switches;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void declared(String shopId, OrderShipped shipped, Instant at) {
        Optional<Region> region = orders.find(shopId, shipped.orderId()).map(QueuedOrder::region);
        String destination = region.map(r -> r.province() + r.city()).orElse(null);
        String city = region.map(Region::city).orElse(null);
        for (ShippedPackage p : shipped.packages()) {
            watch(shopId, p.trackingNumber(), p.carrierCode(), shipped.orderId(), destination, city, at);
        }
        if (shipped.correction()) {
            Set<String> live = shipped.packages().stream().map(ShippedPackage::trackingNumber).collect(Collectors.toSet());
            String replacement = shipped.packages().get(0).trackingNumber();
            for (TrackingWatch dropped : repository.ofOrder(shopId, shipped.orderId())) {
                if (!live.contains(dropped.trackingNumber()) && dropped.state() != TrackingWatch.State.MOVED) {
                    repository.moved(shopId, dropped.trackingNumber(), replacement, at);
                }
            }
            switches.declared(shopId, shipped.orderId(), live, at);
        }
    }

    /** Watches one number (again, if a correction had moved away from it) and queues its subscription. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void watch(String shopId, String trackingNumber, String carrierCode, String orderId, String destination,
                      String destinationCity, Instant at) {
        if (repository.watch(shopId, trackingNumber, carrierCode, orderId, feeds.current().provider(), destination,
                destinationCity, at)) {
            work.submit(TrackingSubscriber.QUEUE, shopId, trackingNumber, at);
        }
    }

    /** The numbers an order's watches hold, live ones first. */
    public List<TrackingWatch> ofOrder(String shopId, String orderId) {
        return repository.ofOrder(shopId, orderId);
    }
}
