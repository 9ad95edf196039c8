package io.shipsync.logistics;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.CarrierSwitched;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * 切换备用快递: moves a parcel the carrier has not picked up to the shop's backup carrier, in steps on the work queue
 * {@value #QUEUE} (key = the switch id), each recorded in the transaction that completes it so that a retry after a
 * crash resumes at the next one:
 * <ol>
 *   <li>cancel the old waybill at its carrier (a lost answer is settled by the retry: the platform then no longer
 *       knows it);</li>
 *   <li>take a new waybill with the backup carrier (a print run of one order, {@link WaybillTaker} exactly once);</li>
 *   <li>announce {@link CarrierSwitched}: order-service corrects the declaration (deliveryinfo/update), and the
 *       correction it announces moves the tracking watch to the new number ({@link TrackingWatches}).</li>
 * </ol>
 * An order holds one live waybill at a time, so the old one goes first. The backup carrier's account is checked
 * before anything is cancelled; should the take still fail, the switch fails saying the order needs printing again.
 */
@ApplicationScoped
public class CarrierSwitches implements WorkHandler {

    public static final String QUEUE = "carrier-switch";
    private static final Duration TAKE_POLL = Duration.ofMillis(500);

    private final CarrierSwitchRepository repository;
    private final TrackingRepository tracking;
    private final WaybillRepository waybills;
    private final Carriers carriers;
    private final PrintRuns runs;
    private final WaybillCancellation cancellation;
    private final Outbox outbox;
    private final WorkQueue work;
    private final Clock clock;

    CarrierSwitches(CarrierSwitchRepository repository, TrackingRepository tracking, WaybillRepository waybills,
                    Carriers carriers, PrintRuns runs, WaybillCancellation cancellation, Outbox outbox, WorkQueue work,
                    Clock clock) {
        this.repository = repository;
        this.tracking = tracking;
        this.waybills = waybills;
        this.carriers = carriers;
        this.runs = runs;
        this.cancellation = cancellation;
        this.outbox = outbox;
        this.work = work;
        this.clock = clock;
    }

    /**
     * Asks for the switch of a watched number; a second request while one is under way answers that one.
     *
     * @throws UnknownSubject when the shop does not watch the number or has no waybill of ours for it
     * @throws NotPrintable   when the parcel was picked up, or the shop has no backup carrier other than the current
     */
    @Transactional
    public CarrierSwitch request(String shopId, String trackingNumber, String by) {
        java.util.Optional<CarrierSwitch> open = repository.open(shopId, trackingNumber);
        if (open.isPresent()) {
            return open.get();
        }
        TrackingWatch watch = tracking.find(shopId, trackingNumber)
                .orElseThrow(() -> new UnknownSubject("shop " + shopId + " does not watch " + trackingNumber));
        if (watch.state() == TrackingWatch.State.MOVED) {
            throw new NotPrintable(trackingNumber + " was replaced by " + watch.replacedBy() + "; switch that number instead");
        }
        if (watch.status() != null && watch.status().isScanned()) {
            throw new NotPrintable("the carrier has had " + trackingNumber + " since its first scan (" + watch.status()
                    + "): only a parcel not yet picked up can move to another carrier");
        }
        Waybill from = waybills.byTrackingNumber(shopId, trackingNumber).stream()
                .filter(w -> w.state() == Waybill.State.TAKEN).findFirst()
                .orElseThrow(() -> new UnknownSubject("shop " + shopId + " has no live waybill of ours for " + trackingNumber
                        + ": only numbers taken through ShipSync can be switched"));
        String backup = carriers.require(shopId).backupCarrier();
        if (backup == null || backup.equals(from.carrierCode())) {
            throw new NotPrintable("shop " + shopId + " has no backup carrier other than " + from.carrierCode()
                    + ": set backupCarrier in its carrier settings");
        }
        runs.checkTakes(shopId, backup);
        Instant now = clock.instant();
        CarrierSwitch asked = new CarrierSwitch(UUID.randomUUID(), shopId, from.orderId(), from.waybillId(), from.carrierCode(),
                trackingNumber, backup, null, null, CarrierSwitch.Step.REQUESTED, null, by, now, now);
        if (!repository.add(asked)) {
            return repository.open(shopId, trackingNumber).orElseThrow();
        }
        work.submit(QUEUE, shopId, asked.switchId().toString(), now);
        return asked;
    }

    @Transactional
    public CarrierSwitch get(String shopId, UUID switchId) {
        return repository.find(shopId, switchId)
                .orElseThrow(() -> new UnknownSubject("shop " + shopId + " has no carrier switch " + switchId));
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public WorkOutcome work(WorkItem item) {
        String shopId = item.shopId();
        UUID switchId = UUID.fromString(item.key());
        while (true) {
            CarrierSwitch current = QuarkusTransaction.requiringNew().call(() -> repository.find(shopId, switchId).orElse(null));
            if (current == null) {
                return WorkOutcome.done();
            }
            switch (current.step()) {
                case REQUESTED:
                    cancelOld(current);
                    break;
                case OLD_CANCELLED:
                    QuarkusTransaction.requiringNew().run(() -> takeNew(current));
                    break;
                case TAKING:
                    Waybill taking = QuarkusTransaction.requiringNew().call(() ->
                            waybills.find(shopId, current.toWaybillId()).orElseThrow());
                    if (taking.state() == Waybill.State.INTENDED || taking.state() == Waybill.State.PRECREATED) {
                        return WorkOutcome.retryAt(clock.instant().plus(TAKE_POLL), "waiting for " + current.toCarrier() + "'s number");
                    }
                    QuarkusTransaction.requiringNew().run(() -> {
                        if (taking.state() == Waybill.State.TAKEN) {
                            repository.taken(switchId, taking.trackingNumber(), clock.instant());
                        } else {
                            repository.failed(switchId, current.toCarrier() + " gave no number: " + taking.state()
                                    + (taking.error() == null ? "" : " (" + taking.error() + ")") + "; " + current.fromNumber()
                                    + " is cancelled: print order " + current.orderId() + " again", clock.instant());
                        }
                    });
                    break;
                case TAKEN:
                    QuarkusTransaction.requiringNew().run(() -> announce(current));
                    break;
                default:
                    return WorkOutcome.done(); // ANNOUNCED waits for the correction; DECLARED and FAILED are final
            }
        }
    }

    /** The corrected declaration named the new number: the switch is complete. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void declared(String shopId, String orderId, java.util.Set<String> declaredNumbers, Instant at) {
        for (CarrierSwitch s : repository.ofOrder(shopId, orderId)) {
            if (s.step() == CarrierSwitch.Step.ANNOUNCED && declaredNumbers.contains(s.toNumber())) {
                repository.step(s.switchId(), CarrierSwitch.Step.DECLARED, at);
            }
        }
    }

    private void takeNew(CarrierSwitch s) {
        CarrierSwitch locked = repository.lock(s.shopId(), s.switchId()).orElseThrow();
        if (locked.step() != CarrierSwitch.Step.OLD_CANCELLED) {
            return;
        }
        Waybill from = waybills.find(s.shopId(), s.fromWaybillId()).orElseThrow();
        long waybillId = runs.startSwitch(s.shopId(), s.orderId(), s.toCarrier(), from.items(), s.requestedBy());
        repository.taking(s.switchId(), waybillId, clock.instant());
    }

    private void cancelOld(CarrierSwitch s) {
        try {
            cancellation.cancelForSwitch(s.shopId(), s.fromWaybillId(), "切换备用快递 to " + s.toCarrier());
            QuarkusTransaction.requiringNew().run(() -> repository.step(s.switchId(), CarrierSwitch.Step.OLD_CANCELLED, clock.instant()));
        } catch (NotPrintable refused) {
            QuarkusTransaction.requiringNew().run(() -> repository.failed(s.switchId(), "the old waybill could not be cancelled: "
                    + refused.getMessage() + "; " + s.fromNumber() + " stays live", clock.instant()));
        }
    }

    private void announce(CarrierSwitch s) {
        CarrierSwitch locked = repository.lock(s.shopId(), s.switchId()).orElseThrow();
        if (locked.step() != CarrierSwitch.Step.TAKEN) {
            return;
        }
        Waybill to = waybills.find(s.shopId(), s.toWaybillId()).orElseThrow();
        Instant now = clock.instant();
        outbox.append(new CarrierSwitched(s.orderId(), s.fromCarrier(), s.fromNumber(), s.toCarrier(), s.toNumber(),
                to.ewaybillOrderId(), to.items(), now, s.requestedBy()), s.shopId());
        repository.step(s.switchId(), CarrierSwitch.Step.ANNOUNCED, now);
    }
}
