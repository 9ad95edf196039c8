package io.shipsync.logistics;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.logistics.config.LogisticsConfig;
import io.shipsync.wechat.EwaybillApi;
import io.shipsync.wechat.EwaybillApi.EwaybillOrder;
import io.shipsync.wechat.Masking;
import io.shipsync.wechat.OrderApi;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * 取号, exactly once per order: the work of queue {@value #QUEUE} (item key = our waybill id). Each step's intent is
 * on the waybill row before its platform call and its result after:
 * <ul>
 * <li>precreate answers a new id on every call; until one is recorded, a retry simply asks again (an unused id
 *     takes no number);</li>
 * <li>create is only ever called with the recorded id, and its sending is recorded first: a retry after a lost
 *     answer (timeout, crash) settles with order/get, and takes the number found there rather than a second;</li>
 * <li>addsuborder (子母件) adds parcels on every call, so it is sent at most once per waybill.</li>
 * </ul>
 * A refusal ends the waybill FAILED and puts the order back in the queue with the reason; the platform's risk answer
 * (order_risk_info) holds the order. A platform that can't be reached is waited out (the queue's backoff), never
 * failed.
 */
@ApplicationScoped
public class WaybillTaker implements WorkHandler {

    public static final String QUEUE = "waybill-take";
    private static final Logger LOG = Logger.getLogger(WaybillTaker.class);

    private final WaybillRepository repository;
    private final PrintQueueRepository queueRepository;
    private final CarrierRepository carriers;
    private final EwaybillApi ewaybills;
    private final OrderApi orders;
    private final LogisticsConfig config;
    private final MeterRegistry metrics;
    private final Clock clock;

    WaybillTaker(WaybillRepository repository, PrintQueueRepository queueRepository, CarrierRepository carriers,
                 EwaybillApi ewaybills, OrderApi orders, LogisticsConfig config, MeterRegistry metrics, Clock clock) {
        this.repository = repository;
        this.queueRepository = queueRepository;
        this.carriers = carriers;
        this.ewaybills = ewaybills;
        this.orders = orders;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public Settings defaults() {
        return Settings.DEFAULTS.withWorkers(config.takeWorkers()).withPollInterval(java.time.Duration.ofMillis(200));
    }

    /** The waybill, what its run took it with, and its order as the queue holds it. */
    private record Target(Waybill waybill, PrintRun run, CarrierAccount account, QueuedOrder order) {
    }

    @Override
    public WorkOutcome work(WorkItem item) {
        long waybillId = Long.parseLong(item.key());
        Target target = QuarkusTransaction.requiringNew().call(() -> target(item.shopId(), waybillId));
        if (target == null) {
            return WorkOutcome.done();
        }
        Waybill waybill = target.waybill();
        if (waybill.taken()) {
            return subWaybills(target);
        }
        if (waybill.state() != Waybill.State.INTENDED && waybill.state() != Waybill.State.PRECREATED) {
            return WorkOutcome.done();
        }
        if (waybill.createSentAt() == null && target.order() != null && target.order().state() == QueuedOrder.State.CANCELLED) {
            return failed(waybill, "订单已取消: no number taken");
        }
        if (target.account() == null || target.account().sender() == null) {
            return failed(waybill, "账号 " + target.run().accountId() + " 没有发件人地址: 请在小店后台为该电子面单账号设置发件地址");
        }
        OrderApi.Consignment consignment = orders.consignment(waybill.shopId(), waybill.orderId());
        EwaybillOrder order = new EwaybillOrder(waybill.carrierCode(), target.account().accountId(),
                target.account().siteCode(), target.account().sender(), consignment.receiver(),
                List.of(new EwaybillApi.EcOrder(waybill.orderId(), consignment.goods())), null, null);
        try {
            String ewaybillOrderId = waybill.ewaybillOrderId();
            if (ewaybillOrderId == null) {
                String precreated = ewaybills.precreate(waybill.shopId(), order);
                Waybill.MaskedReceiver receiver = masked(consignment.receiver());
                List<Waybill.Goods> goods = consignment.goods().stream()
                        .map(g -> new Waybill.Goods(g.goodName(), g.goodCount())).toList();
                QuarkusTransaction.requiringNew().run(() -> repository.precreated(waybillId, precreated, receiver, goods,
                        clock.instant()));
                ewaybillOrderId = precreated;
            } else if (waybill.createSentAt() != null && settled(waybill, target.run())) {
                return subWaybills(reload(target));
            }
            QuarkusTransaction.requiringNew().run(() -> repository.createSent(waybillId, clock.instant()));
            EwaybillApi.Created created = ewaybills.create(waybill.shopId(), ewaybillOrderId, target.run().templateId(), order);
            if (created.waybillId().isEmpty()) {
                return created.risk().map(risk -> held(waybill, risk.riskMsg()))
                        .orElseGet(() -> failed(waybill, "create answered without a number"));
            }
            taken(waybill, created.waybillId(), created.printInfo());
            // A number taken under a risk answer is kept (it exists at the carrier) and the order held until released.
            created.risk().ifPresent(risk -> QuarkusTransaction.requiringNew().run(() -> queueRepository.hold(
                    waybill.shopId(), waybill.orderId(), new QueuedOrder.Hold(PrintQueue.RISK_HOLD, riskDetail(risk.riskMsg())),
                    clock.instant())));
            return subWaybills(reload(target));
        } catch (EwaybillApi.Refused refused) {
            return refused(target, refused);
        }
    }

    private Target target(String shopId, long waybillId) {
        Waybill waybill = repository.find(shopId, waybillId).orElse(null);
        if (waybill == null) {
            return null;
        }
        PrintRun run = repository.run(shopId, waybill.runId()).orElseThrow();
        CarrierAccount account = carriers.account(shopId, run.carrierCode(), run.accountId()).orElse(null);
        return new Target(waybill, run, account, queueRepository.find(shopId, waybill.orderId()).orElse(null));
    }

    private Target reload(Target target) {
        return QuarkusTransaction.requiringNew().call(() -> target(target.waybill().shopId(), target.waybill().waybillId()));
    }

    /**
     * An earlier create's answer was lost: if the platform holds a number for our id, that number is ours. False
     * when none was taken, and create may be sent again with the same id.
     */
    private boolean settled(Waybill waybill, PrintRun run) {
        Optional<EwaybillApi.Ewaybill> onPlatform = ewaybills.order(waybill.shopId(), waybill.ewaybillOrderId());
        if (onPlatform.isEmpty() || !onPlatform.get().taken()) {
            return false;
        }
        String printInfo = ewaybills.printInfo(waybill.shopId(), waybill.ewaybillOrderId(), run.templateId(), null);
        taken(waybill, onPlatform.get().waybillId(), printInfo);
        metrics.counter("shipsync_logistics_waybills_settled_total").increment();
        return true;
    }

    private WorkOutcome refused(Target target, EwaybillApi.Refused refused) {
        Waybill waybill = target.waybill();
        if (refused.exists() && settled(waybill, target.run())) {
            return subWaybills(reload(target));
        }
        if (refused.exists()) {
            return WorkOutcome.retry("create says the e-waybill exists but order/get shows no number yet");
        }
        if (refused.errcode() == EwaybillApi.RISK_HOLD || refused.risk().isPresent()) {
            return held(waybill, refused.risk().map(EwaybillApi.OrderRisk::riskMsg).filter(m -> !m.isEmpty())
                    .orElse(refused.errmsg()));
        }
        String reason = refused.errcode() + " " + refused.errmsg()
                + (refused.deliveryErrorMsg().isEmpty() ? "" : ": " + refused.deliveryErrorMsg());
        return failed(waybill, reason);
    }

    /** Sends addsuborder once for a waybill of several packages; a lost answer is left to the operator, never repeated. */
    private WorkOutcome subWaybills(Target target) {
        Waybill waybill = target.waybill();
        if (waybill.packages() <= 1 || !waybill.subTrackingNumbers().isEmpty()) {
            return WorkOutcome.done();
        }
        if (waybill.subSentAt() != null) {
            QuarkusTransaction.requiringNew().run(() -> repository.attemptFailed(waybill.waybillId(),
                    "子母件: addsuborder was sent but its answer was lost; check the parcel count on the platform", clock.instant()));
            return WorkOutcome.done();
        }
        QuarkusTransaction.requiringNew().run(() -> repository.subSent(waybill.waybillId(), clock.instant()));
        try {
            EwaybillApi.Created created = ewaybills.addSubOrders(waybill.shopId(), waybill.ewaybillOrderId(),
                    waybill.trackingNumber(), waybill.carrierCode(), target.run().accountId(), waybill.packages() - 1,
                    target.run().templateId());
            List<String> subs = created.waybillIdList().stream().filter(n -> n.waybillType() != 1)
                    .map(EwaybillApi.WaybillNumber::waybillId).toList();
            QuarkusTransaction.requiringNew().run(() -> repository.subTaken(waybill.waybillId(), subs, clock.instant()));
        } catch (EwaybillApi.Refused refused) {
            QuarkusTransaction.requiringNew().run(() -> repository.attemptFailed(waybill.waybillId(),
                    "子母件 refused: " + refused.errcode() + " " + refused.errmsg(), clock.instant()));
        }
        return WorkOutcome.done();
    }

    private void taken(Waybill waybill, String trackingNumber, String printInfo) {
        QuarkusTransaction.requiringNew().run(() -> {
            repository.taken(waybill.waybillId(), trackingNumber, printInfo, clock.instant());
            queueRepository.taken(waybill.shopId(), waybill.orderId(), clock.instant());
        });
        metrics.counter("shipsync_logistics_waybills_taken_total").increment();
    }

    private WorkOutcome failed(Waybill waybill, String reason) {
        LOG.debugf("no number for order %s of %s: %s", waybill.orderId(), waybill.shopId(), reason);
        QuarkusTransaction.requiringNew().run(() -> {
            repository.ended(waybill.waybillId(), Waybill.State.FAILED, reason, clock.instant());
            queueRepository.waitAgain(waybill.shopId(), waybill.orderId(), clock.instant());
        });
        metrics.counter("shipsync_logistics_waybills_failed_total").increment();
        return WorkOutcome.done();
    }

    private static String riskDetail(String riskMessage) {
        return riskMessage == null || riskMessage.isBlank() ? "平台风控拦截" : riskMessage;
    }

    private WorkOutcome held(Waybill waybill, String riskMessage) {
        String detail = riskDetail(riskMessage);
        QuarkusTransaction.requiringNew().run(() -> {
            repository.ended(waybill.waybillId(), Waybill.State.HELD, detail, clock.instant());
            queueRepository.waitAgain(waybill.shopId(), waybill.orderId(), clock.instant());
            queueRepository.hold(waybill.shopId(), waybill.orderId(), new QueuedOrder.Hold(PrintQueue.RISK_HOLD, detail),
                    clock.instant());
        });
        metrics.counter("shipsync_logistics_waybills_held_total").increment();
        return WorkOutcome.done();
    }

    private static Waybill.MaskedReceiver masked(EwaybillApi.Address receiver) {
        String region = String.join("", receiver.province(), receiver.city(), receiver.county());
        return new Waybill.MaskedReceiver(Masking.name(receiver.name()), Masking.phone(receiver.mobile()),
                region + (receiver.address() == null || receiver.address().isBlank() ? "" : Masking.address(receiver.address())));
    }
}
