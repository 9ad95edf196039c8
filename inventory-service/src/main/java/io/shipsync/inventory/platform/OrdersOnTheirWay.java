package io.shipsync.inventory.platform;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.inventory.ReservationRepository;
import io.shipsync.inventory.StockKey;
import io.shipsync.inventory.config.InventoryConfig;
import io.shipsync.inventory.messaging.OrderIntake;
import io.shipsync.wechat.OrderApi;
import io.shipsync.wechat.PlatformError;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Orders the platform took stock for that this service has not counted yet (在途订单): what may rightly make the
 * platform show fewer units than we think it should, so that pushing the difference back up would offer goods
 * already sold. Two sources, both needed before stock is corrected upward:
 * <ol>
 * <li>our own intake: every order event published on {@code shipsync.order} has been handled here, and no partition
 *     is stalled ({@link OrderIntake});</li>
 * <li>the platform's recent orders (updated within {@code intake-lag-window}) that we have neither reserved, nor
 *     hold as unpaid, nor seen cancelled: their events have not even been published yet. An order the platform
 *     gave the stock back for (cancelled before payment) takes nothing.</li>
 * </ol>
 * When either cannot be read, the doubt stands.
 */
@ApplicationScoped
class OrdersOnTheirWay {

    /** What a look found: why upward corrections must wait ({@code doubt}), or the orders not yet counted here. */
    record Look(String doubt, List<OrderApi.Order> uncounted) {

        boolean certain() {
            return doubt == null;
        }
    }

    private final OrderIntake intake;
    private final OrderApi orderApi;
    private final ReservationRepository reservations;
    private final PlatformStockRepository repository;
    private final InventoryConfig.Platform config;
    private final Clock clock;

    OrdersOnTheirWay(OrderIntake intake, OrderApi orderApi, ReservationRepository reservations,
                     PlatformStockRepository repository, InventoryConfig config, Clock clock) {
        this.intake = intake;
        this.orderApi = orderApi;
        this.reservations = reservations;
        this.repository = repository;
        this.config = config.platform();
        this.clock = clock;
    }

    /** Looks at both sources now; call it after reading the platform's stock, outside any transaction. */
    Look look(String shopId) {
        if (!intake.caughtUp(config.intakeCatchUp())) {
            return new Look("order events published on shipsync.order are not all handled here yet", List.of());
        }
        Instant to = clock.instant();
        Duration window = config.intakeLagWindow().compareTo(OrderApi.MAX_WINDOW) > 0 ? OrderApi.MAX_WINDOW
                : config.intakeLagWindow();
        try {
            List<String> recent = orderApi.updatedBetween(shopId, to.minus(window), to);
            Set<String> counted = QuarkusTransaction.requiringNew().call(() -> counted(shopId, recent));
            List<OrderApi.Order> uncounted = new ArrayList<>();
            for (String orderId : recent) {
                if (!counted.contains(orderId)) {
                    OrderApi.Order order = orderApi.order(shopId, orderId);
                    if (!order.stockRestored()) {
                        uncounted.add(order);
                    }
                }
            }
            return new Look(null, uncounted);
        } catch (PlatformError e) {
            return new Look("the platform's recent orders could not be read: " + e.getMessage(), List.of());
        }
    }

    /**
     * Units of the SKU taken by orders of the look that are still not counted here; call it in the transaction that
     * decides, so an order counted since the look is not subtracted twice.
     */
    long units(Look look, StockKey key) {
        List<OrderApi.Order> taking = look.uncounted().stream().filter(o -> o.units(key.skuId()) > 0).toList();
        if (taking.isEmpty()) {
            return 0;
        }
        Set<String> counted = counted(key.shopId(), taking.stream().map(OrderApi.Order::orderId).toList());
        return taking.stream().filter(o -> !counted.contains(o.orderId())).mapToLong(o -> o.units(key.skuId())).sum();
    }

    /** Of {@code orderIds}, those reserved, seen cancelled or held as unpaid here. */
    private Set<String> counted(String shopId, Collection<String> orderIds) {
        if (orderIds.isEmpty()) {
            return Set.of();
        }
        Set<String> counted = reservations.known(shopId, orderIds);
        counted.addAll(repository.heldOrders(shopId, orderIds));
        return counted;
    }
}
