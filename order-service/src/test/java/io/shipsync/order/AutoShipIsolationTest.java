package io.shipsync.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.events.DriftKind;
import io.shipsync.events.PackageItem;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * 自动发货 items run alone on the work queue: one declaration refused among fifty due at once is recorded
 * (REFUSED, a finding) without holding up, or being retried ahead of, the other forty-nine.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class AutoShipIsolationTest {

    private static final int DUE = 50;
    private static final String PRINTED = "SF1342567604302";
    private static final String TYPED = "SF3237301501050";
    private static final Duration ON_TIME = Duration.ofSeconds(30);

    @Inject
    Shipping shipping;
    @Inject
    AutoShipping autoShipping;
    @Inject
    Findings findings;
    @Inject
    EntityManager entityManager;
    @Inject
    Clock clock;

    @Test
    void oneRefusedAutoShipAmongFiftyDueLetsTheOtherFortyNineDeclareOnTime() {
        SimScenario shop = SimScenario.newShop();
        autoShipping.setMode(shop.shopId, AutoShipping.Mode.IMMEDIATELY);
        List<String> orderIds = IntStream.range(0, DUE).mapToObj(i -> shop.paidOrder(1).orderId()).toList();
        await().atMost(ON_TIME).until(() -> count("SELECT count(*) FROM orders WHERE shop_id = ?1", shop.shopId) == DUE);
        // The first order is already shipped under another number: its printed waybill conflicts (自动发货规则冲突).
        String refused = orderIds.get(0);
        ShipmentPackage.Item item = QuarkusTransaction.requiringNew().call(() -> {
            OrderLine line = Order.find(shop.shopId, refused).orElseThrow().lines.get(0);
            return new ShipmentPackage.Item(line.productId, line.skuId, line.quantity);
        });
        shipping.declare(shop.shopId, refused, new Shipping.Declaration(
                List.of(new Shipping.PackageRequest("SF", TYPED, List.of(item))), false), "operator");

        // All fifty printed in one go, the conflicting one due first: under the old sweep it blocked every poll.
        Instant printedAt = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < DUE; i++) {
                autoShipping.printed(shop.shopId, new WaybillPrinted(Integer.toString(i + 1), orderIds.get(i), "SF", PRINTED,
                        List.of(new PackageItem(SimScenario.PRODUCT, SimScenario.SKU, 1)),
                        i == 0 ? printedAt.minusSeconds(60) : printedAt, false));
            }
        });

        await().atMost(ON_TIME).until(() -> statuses(shop.shopId).values().stream().filter("DONE"::equals).count() == DUE - 1);
        Map<String, String> statuses = statuses(shop.shopId);
        assertThat(statuses.get(refused)).isEqualTo("REFUSED");
        orderIds.stream().skip(1).forEach(orderId -> assertThat(statuses.get(orderId)).as(orderId).isEqualTo("DONE"));
        assertThat(findings.open(shop.shopId)).anySatisfy(f -> {
            assertThat(f.orderId()).isEqualTo(refused);
            assertThat(f.kind()).isEqualTo(DriftKind.TRACKING_MISMATCH);
        });
        // Each of the 49 reached the platform too.
        await().atMost(ON_TIME).until(() -> count("""
                SELECT count(*) FROM platform_syncs WHERE shop_id = ?1 AND status = 'SYNCED'""", shop.shopId) == DUE);
        assertThat(count("SELECT count(*) FROM work_items WHERE shop_id = ?1 AND state = 'DEAD'", shop.shopId)).isZero();
    }

    private Map<String, String> statuses(String shopId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Tuple> rows = entityManager.createNativeQuery(
                    "SELECT order_id, status FROM scheduled_declarations WHERE shop_id = ?1", Tuple.class)
                    .setParameter(1, shopId).getResultList();
            return rows.stream().collect(Collectors.toMap(r -> r.get("order_id", String.class), r -> r.get("status", String.class)));
        });
    }

    private long count(String sql, String shopId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql)
                .setParameter(1, shopId).getSingleResult()).longValue());
    }
}
