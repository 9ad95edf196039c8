package io.shipsync.logistics;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.events.WaybillCancelled;
import io.shipsync.wechat.EwaybillApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * 取消面单: gives a taken number back to the carrier account (order/cancel) and announces
 * {@link WaybillCancelled}, on which order-service drops a pending auto-ship. A number already declared (发货) is
 * refused: the parcel is on its way and the declaration names it. A cancelled order's undeclared number is given
 * back the same way, on the work queue {@value #QUEUE} (item key = waybill id), so a platform that is down delays
 * it rather than losing it.
 */
@ApplicationScoped
public class WaybillCancellation implements WorkHandler {

    public static final String QUEUE = "waybill-release";
    static final String ORDER_CANCELLED = "订单已取消";

    private final WaybillRepository repository;
    private final PrintQueueRepository queueRepository;
    private final EwaybillApi ewaybills;
    private final Outbox outbox;
    private final Clock clock;

    WaybillCancellation(WaybillRepository repository, PrintQueueRepository queueRepository, EwaybillApi ewaybills,
                        Outbox outbox, Clock clock) {
        this.repository = repository;
        this.queueRepository = queueRepository;
        this.ewaybills = ewaybills;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    /** Releases the number of a cancelled order, unless it was declared or cancelled meanwhile. */
    @Override
    public WorkOutcome work(WorkItem item) {
        try {
            cancel(item.shopId(), Long.parseLong(item.key()), ORDER_CANCELLED);
        } catch (AlreadyDeclared | NotPrintable e) {
            return WorkOutcome.done(); // nothing to give back, or the platform refused: the waybill keeps its number
        }
        return WorkOutcome.done();
    }

    public Waybill cancel(String shopId, long waybillId, String reason) {
        return cancel(shopId, waybillId, reason, false);
    }

    /**
     * Cancels a waybill a carrier switch (切换备用快递) leaves behind, declared or not: the switch corrects the
     * declaration itself. The order does not go back to the print queue. {@link WaybillCancelled} is announced only
     * for an undeclared number, as for any cancel; a declared one's end is announced by the switch.
     */
    public Waybill cancelForSwitch(String shopId, long waybillId, String reason) {
        return cancel(shopId, waybillId, reason, true);
    }

    private Waybill cancel(String shopId, long waybillId, String reason, boolean switching) {
        Waybill waybill = QuarkusTransaction.requiringNew().call(() -> cancellable(shopId, waybillId, switching));
        if (waybill.state() == Waybill.State.CANCELLED) {
            return waybill;
        }
        try {
            ewaybills.cancel(shopId, waybill.ewaybillOrderId(), waybill.carrierCode(), waybill.trackingNumber());
        } catch (EwaybillApi.Refused refused) {
            // Not found: an earlier cancel of ours landed and its answer was lost.
            if (refused.errcode() != EwaybillApi.NOT_FOUND) {
                throw new NotPrintable("the platform refused to cancel " + waybill.trackingNumber() + ": "
                        + refused.errcode() + " " + refused.errmsg());
            }
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Waybill locked = repository.lock(shopId, waybillId).orElseThrow();
            if (locked.state() == Waybill.State.CANCELLED) {
                return locked;
            }
            Instant at = clock.instant();
            repository.cancelled(waybillId, at);
            if (!switching) {
                queueRepository.waitAgain(shopId, locked.orderId(), at);
            }
            if (locked.declaredAt() == null) {
                outbox.append(new WaybillCancelled(locked.ewaybillOrderId(), locked.orderId(), locked.carrierCode(),
                        locked.trackingNumber(), at, reason), shopId);
            }
            return repository.find(shopId, waybillId).orElseThrow();
        });
    }

    private Waybill cancellable(String shopId, long waybillId, boolean switching) {
        Waybill waybill = repository.lock(shopId, waybillId)
                .orElseThrow(() -> new UnknownSubject("shop " + shopId + " has no waybill " + waybillId));
        if (waybill.declaredAt() != null && !switching) {
            throw new AlreadyDeclared(waybill);
        }
        if (waybill.state() != Waybill.State.TAKEN && waybill.state() != Waybill.State.CANCELLED) {
            throw new NotPrintable("waybill " + waybillId + " has no number to cancel (" + waybill.state() + ")");
        }
        return waybill;
    }
}
