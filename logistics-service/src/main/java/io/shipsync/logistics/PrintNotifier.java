package io.shipsync.logistics;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.wechat.EwaybillApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * 打印成功通知: tells the platform of each print (order/print, re_print 0 首次 / 1 补打), the work of queue
 * {@value #QUEUE} (item key = the print's id). It does not ship the order: declaring stays order-service's.
 */
@ApplicationScoped
public class PrintNotifier implements WorkHandler {

    public static final String QUEUE = "waybill-print-notice";

    private final WaybillRepository repository;
    private final EwaybillApi ewaybills;
    private final Clock clock;

    PrintNotifier(WaybillRepository repository, EwaybillApi ewaybills, Clock clock) {
        this.repository = repository;
        this.ewaybills = ewaybills;
        this.clock = clock;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public WorkOutcome work(WorkItem item) {
        long printId = Long.parseLong(item.key());
        var notice = QuarkusTransaction.requiringNew().call(() -> repository.pendingNotice(item.shopId(), printId));
        if (notice.isEmpty()) {
            return WorkOutcome.done();
        }
        Waybill w = notice.get().waybill();
        try {
            ewaybills.printed(w.shopId(), w.ewaybillOrderId(), w.carrierCode(), w.trackingNumber(), notice.get().reprint());
        } catch (EwaybillApi.Refused refused) {
            return WorkOutcome.dead("order/print refused: " + refused.errcode() + " " + refused.errmsg());
        }
        QuarkusTransaction.requiringNew().run(() -> repository.notified(printId, clock.instant()));
        return WorkOutcome.done();
    }
}
