package io.shipsync.logistics;

import io.shipsync.carriers.CarrierCatalog;
import io.shipsync.eventing.http.Page;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.OrderItem;
import io.shipsync.events.PackageItem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * 批量打单: one operator action takes a number for each of many queued orders. Starting a run claims the orders and
 * records, for each, the intent to take its number before any platform call; {@link WaybillTaker} then takes them on
 * the work queue, in parallel, and a run interrupted by a crash resumes where it stopped.
 */
@ApplicationScoped
public class PrintRuns {

    /** Orders one run may take; a larger batch is several runs. */
    public static final int MAX_ORDERS = 1000;

    private final PrintQueueRepository queueRepository;
    private final WaybillRepository repository;
    private final CarrierRepository carrierRepository;
    private final Carriers carriers;
    private final WorkQueue work;
    private final Clock clock;
    private final CarrierCatalog catalog = CarrierCatalog.standard();

    PrintRuns(PrintQueueRepository queueRepository, WaybillRepository repository, CarrierRepository carrierRepository,
              Carriers carriers, WorkQueue work, Clock clock) {
        this.queueRepository = queueRepository;
        this.repository = repository;
        this.carrierRepository = carrierRepository;
        this.carriers = carriers;
        this.work = work;
        this.clock = clock;
    }

    /**
     * What a run takes: the orders in the order their labels print, the carrier (the shop's default when null), the
     * account (the carrier's first that can take numbers when null), and packages per order where more than one
     * (子母件, only with carriers that take sub-waybills).
     */
    public record Request(List<String> orderIds, String carrierCode, String accountId, Map<String, Integer> packages) {
    }

    /**
     * Starts a run: every order must be in the queue, waiting and not held (a held order is refused with its hold
     * named; nothing is claimed then), and the account must be able to take numbers.
     */
    @Transactional
    public PrintRun start(String shopId, Request request, String by) {
        List<String> orderIds = List.copyOf(new LinkedHashSet<>(request.orderIds()));
        if (orderIds.isEmpty() || orderIds.size() > MAX_ORDERS) {
            throw new NotPrintable("a print run takes 1 to " + MAX_ORDERS + " orders");
        }
        CarrierSettings settings = carriers.require(shopId);
        String carrier = request.carrierCode() != null ? request.carrierCode() : settings.defaultCarrier();
        if (!settings.enabled(carrier)) {
            throw new NotPrintable("carrier " + carrier + " is not enabled for shop " + shopId);
        }
        Map<String, Integer> packages = request.packages() == null ? Map.of() : request.packages();
        if (packages.values().stream().anyMatch(n -> n == null || n < 1 || n > 50)) {
            throw new NotPrintable("packages per order must be 1 to 50");
        }
        if (packages.values().stream().anyMatch(n -> n > 1) && !catalog.takesSubWaybills(carrier)) {
            throw new NotPrintable("carrier " + carrier + " does not take sub-waybills (子母件): one package per order");
        }
        CarrierAccount account = account(shopId, carrier, request.accountId());

        Map<String, QueuedOrder> found = queueRepository.lock(shopId, orderIds).stream()
                .collect(Collectors.toMap(QueuedOrder::orderId, Function.identity()));
        List<String> missing = orderIds.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw new UnknownSubject("not in the print queue: " + String.join(", ", missing));
        }
        List<QueuedOrder> held = orderIds.stream().map(found::get).filter(QueuedOrder::held).toList();
        if (!held.isEmpty()) {
            throw new HeldOrders(held);
        }
        List<String> notWaiting = orderIds.stream().map(found::get).filter(o -> o.state() != QueuedOrder.State.WAITING)
                .map(o -> o.orderId() + " is " + o.state()).toList();
        if (!notWaiting.isEmpty()) {
            throw new NotPrintable("only waiting orders can be printed: " + String.join("; ", notWaiting));
        }

        Instant at = clock.instant();
        PrintRun run = new PrintRun(UUID.randomUUID(), shopId, carrier, account.accountId(), account.templateId(),
                orderIds.size(), at, by, new PrintRun.Progress(0, 0, orderIds.size()));
        repository.addRun(run);
        int seq = 0;
        for (String orderId : orderIds) {
            long waybillId = repository.intend(shopId, orderId, run.runId(), ++seq, carrier,
                    packages.getOrDefault(orderId, 1), items(found.get(orderId).items()), at);
            work.submit(WaybillTaker.QUEUE, shopId, String.valueOf(waybillId), at);
        }
        queueRepository.taking(shopId, orderIds, at);
        return get(shopId, run.runId());
    }

    /**
     * Checks that a carrier can take numbers for the shop now: enabled, with an account that can take them.
     *
     * @throws NotPrintable saying why not
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void checkTakes(String shopId, String carrier) {
        if (!carriers.require(shopId).enabled(carrier)) {
            throw new NotPrintable("carrier " + carrier + " is not enabled for shop " + shopId);
        }
        account(shopId, carrier, null);
    }

    /**
     * A run of one order for a carrier switch (切换备用快递): the order was declared and left the print queue, so its
     * state is not checked; the new waybill holds what the old one held.
     *
     * @return the new waybill's id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long startSwitch(String shopId, String orderId, String carrier, List<PackageItem> items, String by) {
        checkTakes(shopId, carrier);
        CarrierAccount account = account(shopId, carrier, null);
        Instant at = clock.instant();
        PrintRun run = new PrintRun(UUID.randomUUID(), shopId, carrier, account.accountId(), account.templateId(), 1, at, by,
                new PrintRun.Progress(0, 0, 1));
        repository.addRun(run);
        long waybillId = repository.intend(shopId, orderId, run.runId(), 1, carrier, 1, items, at);
        work.submit(WaybillTaker.QUEUE, shopId, String.valueOf(waybillId), at);
        return waybillId;
    }

    @Transactional
    public PrintRun get(String shopId, UUID runId) {
        return repository.run(shopId, runId).orElseThrow(() -> new UnknownSubject("shop " + shopId + " has no print run " + runId));
    }

    @Transactional
    public Page<PrintRun> list(String shopId, int page, int size) {
        return new Page<>(repository.runs(shopId, Page.offset(page, size), size), page, size, repository.countRuns(shopId));
    }

    @Transactional
    public Page<Waybill> waybills(String shopId, UUID runId, int page, int size) {
        PrintRun run = get(shopId, runId);
        return new Page<>(repository.ofRun(shopId, runId, Page.offset(page, size), size), page, size, run.total());
    }

    private CarrierAccount account(String shopId, String carrier, String accountId) {
        List<CarrierAccount> accounts = carrierRepository.accounts(shopId).stream()
                .filter(a -> a.carrierCode().equals(carrier) && !a.accountId().equals(CarrierAccount.NO_ACCOUNT)).toList();
        if (accountId != null) {
            CarrierAccount account = accounts.stream().filter(a -> a.accountId().equals(accountId)).findFirst()
                    .orElseThrow(() -> new UnknownSubject("shop " + shopId + " has no " + carrier + " e-waybill account " + accountId));
            if (!account.canTake()) {
                throw new NotPrintable("account " + accountId + " can't take numbers: " + account.state() + " (" + account.stateDetail() + ")");
            }
            return account;
        }
        return accounts.stream().filter(CarrierAccount::canTake).findFirst().orElseThrow(() -> new NotPrintable(
                "no " + carrier + " e-waybill account can take numbers" + (accounts.isEmpty()
                        ? ": check the accounts first (POST /api/shops/" + shopId + "/carrier-accounts/check)"
                        : ": " + accounts.stream().map(a -> a.accountId() + " " + a.state()).collect(Collectors.joining(", ")))));
    }

    private static List<PackageItem> items(List<OrderItem> items) {
        List<PackageItem> lines = new ArrayList<>();
        for (OrderItem item : items) {
            lines.add(new PackageItem(item.productId(), item.skuId(), item.quantity()));
        }
        return lines;
    }
}
