package io.shipsync.logistics;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.wechat.EwaybillApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * 打印: the print component's tasks for a run, and each print recorded once it came out of the printer, first print
 * or 补打. A print is announced as {@link WaybillPrinted} (order-service's auto-ship then declares by the shop's rule)
 * and told to the platform (order/print) on the work queue {@value PrintNotifier#QUEUE}, in the same transaction.
 */
@ApplicationScoped
public class Printing {

    private final WaybillRepository repository;
    private final PrintQueueRepository queue;
    private final PrintRuns runs;
    private final EwaybillApi ewaybills;
    private final Outbox outbox;
    private final WorkQueue work;
    private final Clock clock;

    Printing(WaybillRepository repository, PrintQueueRepository queue, PrintRuns runs, EwaybillApi ewaybills, Outbox outbox,
             WorkQueue work, Clock clock) {
        this.repository = repository;
        this.queue = queue;
        this.runs = runs;
        this.ewaybills = ewaybills;
        this.outbox = outbox;
        this.work = work;
        this.clock = clock;
    }

    /** Tasks for every waybill of the run that has a number, in label order; print data the run lacks is fetched. */
    public List<PrintTask> tasks(String shopId, UUID runId) {
        PrintRun run = runs.get(shopId, runId);
        List<Waybill> taken = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() ->
                repository.eachOfRun(shopId, runId, w -> {
                    if (w.taken()) {
                        taken.add(w);
                    }
                }));
        List<PrintTask> tasks = new ArrayList<>();
        for (Waybill w : taken) {
            String printInfo = w.printInfo() == null || w.printInfo().isEmpty()
                    ? ewaybills.printInfo(shopId, w.ewaybillOrderId(), run.templateId(), null) : w.printInfo();
            tasks.add(new PrintTask(String.valueOf(w.waybillId()), printInfo, w.seq(), run.total(), w.waybillId(),
                    w.orderId(), w.carrierCode(), w.trackingNumber()));
        }
        return tasks;
    }

    /**
     * Records the first print of the run's waybills ({@code waybillIds} null: all with a number). Waybills printed
     * before are left as they are, so a repeated confirmation prints nothing twice; a held order's waybill is not
     * printed (named: refused with the hold; all: left for after its release). Returns the waybills recorded.
     */
    @Transactional
    public List<Waybill> printed(String shopId, UUID runId, List<Long> waybillIds, String by) {
        runs.get(shopId, runId);
        Set<Long> wanted = waybillIds == null ? null : new HashSet<>(waybillIds);
        List<Waybill> candidates = new ArrayList<>();
        repository.eachOfRun(shopId, runId, w -> {
            if (wanted == null || wanted.contains(w.waybillId())) {
                candidates.add(w);
            }
        });
        if (wanted != null && candidates.size() != wanted.size()) {
            throw new UnknownSubject("run " + runId + " does not hold every waybill named");
        }
        List<QueuedOrder> held = candidates.stream().filter(Waybill::taken)
                .flatMap(w -> queue.find(shopId, w.orderId()).filter(QueuedOrder::held).stream()).toList();
        if (wanted != null && !held.isEmpty()) {
            throw new HeldOrders(held);
        }
        Set<String> heldOrders = new HashSet<>();
        held.forEach(o -> heldOrders.add(o.orderId()));
        Instant at = clock.instant();
        List<Waybill> printed = new ArrayList<>();
        for (Waybill candidate : candidates) {
            if (heldOrders.contains(candidate.orderId())) {
                continue; // printed once released
            }
            Waybill w = repository.lock(shopId, candidate.waybillId()).orElseThrow();
            if (w.taken() && w.prints() == 0) {
                print(w, false, by, at);
                printed.add(w);
            } else if (wanted != null && !w.taken()) {
                throw new NotPrintable("waybill " + w.waybillId() + " of order " + w.orderId() + " has no number to print ("
                        + w.state() + ")");
            }
        }
        return printed;
    }

    /** 补打: one more print of a waybill printed before (a first print when it never was). */
    @Transactional
    public Waybill reprint(String shopId, long waybillId, String by) {
        Waybill w = repository.lock(shopId, waybillId)
                .orElseThrow(() -> new UnknownSubject("shop " + shopId + " has no waybill " + waybillId));
        if (!w.taken()) {
            throw new NotPrintable("waybill " + waybillId + " has no number to print (" + w.state() + ")");
        }
        queue.find(shopId, w.orderId()).filter(QueuedOrder::held).ifPresent(o -> {
            throw new HeldOrders(List.of(o));
        });
        print(w, w.prints() > 0, by, clock.instant());
        return repository.find(shopId, waybillId).orElseThrow();
    }

    private void print(Waybill w, boolean reprint, String by, Instant at) {
        long printId = repository.printed(w, reprint, by, at);
        outbox.append(new WaybillPrinted(w.ewaybillOrderId(), w.orderId(), w.carrierCode(), w.trackingNumber(), w.items(),
                at, reprint), w.shopId());
        work.submit(PrintNotifier.QUEUE, w.shopId(), String.valueOf(printId), at);
    }
}
