package io.shipsync.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.infra.testing.SharedKafka;
import io.shipsync.infra.testing.TestDatabase;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.sim.Delivery;
import io.shipsync.sim.OrderItem;
import io.shipsync.sim.OrderSpec;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.ShopSpec;
import io.shipsync.sim.SkuSpec;
import io.shipsync.sim.TrackingConfig;
import io.shipsync.sim.TrackingScript;
import io.shipsync.system.ServiceApi.Reply;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * 打单 to 发货 across processes: order-service and logistics-service run as their packaged apps, each on a database of
 * its own, on the real broker, with platform-sim as WeChat Shop pushing paid orders to order-service. Those orders
 * reach logistics-service's print queue through OrderPlaced; a print run takes their numbers, and once the labels
 * are printed (WaybillPrinted) order-service's auto-ship declares each order with its printed number and the
 * platform shows the parcel. A waybill cancelled before its delayed auto-ship is due is never declared, and a
 * declared one can no longer be cancelled. Every declared number is watched through the tracking feed (platform-sim
 * plays kuaidi100), and a parcel not yet picked up moves to the backup carrier: new waybill, old one cancelled,
 * declaration corrected on the platform by order-service, watch moved.
 */
class PrintToShipIT {

    private static final String ORDER_DB = "shipsync_it_print_order";
    private static final String LOGISTICS_DB = "shipsync_it_print_logistics";
    private static final String SHOP = "shop-print-ship";
    private static final String APP_ID = "wxprintship000001";
    private static final String APP_SECRET = "print-ship-secret";
    private static final String PUSH_TOKEN = "printshiptoken";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final String PRODUCT = "10000032000001";
    private static final String SKU = "1873932000001";
    private static final int ORDERS = 5;
    /** The "after 30 minutes" auto-ship mode's delay, shortened as AutoShipRestartIT does: long enough to cancel first. */
    private static final Duration SHORT_DELAY = Duration.ofSeconds(20);
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String CANCEL_REASON = "买家要求修改地址";

    /** A declaration order-service scheduled for a printed waybill, as its table holds it. */
    private record Scheduled(long id, String status, String outcome) {
    }

    @Test
    void printedWaybillsAreDeclaredWithTheirNumbersAndACancelledOneNeverIs() throws Exception {
        TestDatabase.recreate(ORDER_DB, TestDatabase.serviceRole("order-service"));
        TestDatabase.recreate(LOGISTICS_DB, TestDatabase.serviceRole("logistics-service"));
        int orderPort = ServiceProcess.freePort();
        int logisticsPort = ServiceProcess.freePort();
        try (PlatformSim sim = PlatformSim.start(PlatformSim.Config.defaults().withPushRetryScale(0.01)
                .withTracking(TrackingConfig.defaults().withAutomatic(false)))) {
            sim.createShop(new ShopSpec(SHOP, APP_ID, APP_SECRET, PUSH_TOKEN, AES_KEY,
                    "http://127.0.0.1:" + orderPort + "/callbacks/wechat/" + SHOP, "gh_printship"));
            sim.addProduct(SHOP, ProductSpec.of(PRODUCT, "纯棉短袖T恤", new SkuSpec(SKU, "TS-WHITE-M", 5900, 10_000)));
            Map<String, String> orderConfig = config(ORDER_DB, sim);
            orderConfig.put("shipsync.orders.auto-ship-short-delay", SHORT_DELAY.toSeconds() + "s");

            try (ServiceProcess order = ServiceProcess.start("order-service", "order-print-ship", orderConfig, orderPort);
                 ServiceProcess logistics = ServiceProcess.start("logistics-service", "logistics-print-ship",
                         logisticsConfig(sim, logisticsPort), logisticsPort)) {
                ServiceApi orders = new ServiceApi("order-service", order.uri(""), SHOP);
                PrintDesk desk = new PrintDesk(new ServiceApi("logistics-service", logistics.uri(""), SHOP));
                ObjectNode account = ServiceApi.JSON.createObjectNode().put("appId", APP_ID).put("appSecret", APP_SECRET)
                        .put("pushToken", PUSH_TOKEN).put("encodingAesKey", AES_KEY);
                expect(orders.putAsAdmin("/platform-account", account), 200, "order-service takes the shop's account");
                assertThat(sim.verifyCallback(SHOP).echoed()).as("order-service passes the platform's URL verification").isTrue();
                desk.connect(APP_ID, APP_SECRET, PUSH_TOKEN, AES_KEY);
                desk.useSfAndZto();
                autoShip(orders, "IMMEDIATELY");

                // Printed, then declared at once with the printed numbers.
                List<String> paid = pay(sim, ORDERS);
                await("the pushed orders in the print queue").atMost(WITHIN).until(() -> desk.waiting() == ORDERS);
                List<JsonNode> waybills = takeNumbers(desk, paid);
                assertThat(desk.printed(waybills.get(0).path("runId").asText())).hasSize(ORDERS);
                for (JsonNode waybill : waybills) {
                    String orderId = waybill.path("orderId").asText();
                    String number = waybill.path("trackingNumber").asText();
                    await("order " + orderId + " declared with " + number).atMost(WITHIN).untilAsserted(() -> {
                        assertThat(sim.order(SHOP, orderId).deliveries()).extracting(Delivery::deliveryId, Delivery::waybillId)
                                .containsExactly(tuple("SF", number));
                        JsonNode shipped = expect(orders.get("/orders/" + orderId), 200, "order " + orderId).body();
                        assertThat(shipped.path("sync").path("status").asText()).isEqualTo("SYNCED");
                        assertThat(shipped.path("packages")).singleElement().satisfies(p -> {
                            assertThat(p.path("trackingNumber").asText()).isEqualTo(number);
                            assertThat(p.path("declaredBy").asText()).isEqualTo("auto-ship");
                        });
                    });
                }

                // Declared: logistics-service learns it from OrderShipped and refuses the cancel, naming the declaration.
                JsonNode declared = waybills.get(0);
                long declaredId = declared.path("waybillId").asLong();
                String declaredNumber = declared.path("trackingNumber").asText();
                await("logistics-service knows " + declaredNumber + " is declared").atMost(WITHIN)
                        .until(() -> desk.waybill(declaredId).hasNonNull("declaredAt"));
                Reply refused = desk.cancel(declaredId, CANCEL_REASON);
                assertThat(refused.status()).as(refused.problem()).isEqualTo(409);
                assertThat(refused.body().path("title").asText()).isEqualTo("Already declared");
                assertThat(refused.problem()).contains(declaredNumber, declared.path("orderId").asText(), "declared");
                assertThat(refused.body().path("errors")).singleElement().satisfies(error -> {
                    assertThat(error.path("field").asText()).isEqualTo("trackingNumber");
                    assertThat(error.path("message").asText()).startsWith(declaredNumber + " declared at ");
                });
                assertThat(sim.ewaybillLog()).as("the declared number was not given back")
                        .noneMatch(call -> call.action().equals("cancel") && declaredNumber.equals(call.waybillId()));

                // 物流跟踪 and 切换备用快递: the declared numbers are watched; one not yet picked up moves to ZTO.
                JsonNode moving = waybills.get(1);
                String movingOrder = moving.path("orderId").asText();
                String sfNumber = moving.path("trackingNumber").asText();
                ServiceApi logisticsApi = desk.api();
                await(sfNumber + " watched").atMost(WITHIN).until(() ->
                        logisticsApi.get("/tracking/" + sfNumber).body().path("watch").path("state").asText().equals("WATCHING"));
                Reply asked = logisticsApi.post("/tracking/" + sfNumber + "/switch-carrier", ServiceApi.JSON.createObjectNode());
                assertThat(asked.status()).as(asked.problem()).isEqualTo(202);
                String switchId = asked.body().path("switchId").asText();
                await("the switch declared").atMost(WITHIN).until(() ->
                        logisticsApi.get("/carrier-switches/" + switchId).body().path("step").asText().equals("DECLARED"));
                String ztoNumber = logisticsApi.get("/carrier-switches/" + switchId).body().path("toNumber").asText();
                await("the platform shows the corrected declaration").atMost(WITHIN).untilAsserted(() -> {
                    assertThat(sim.order(SHOP, movingOrder).deliveries()).extracting(Delivery::deliveryId, Delivery::waybillId)
                            .containsExactly(tuple("ZTO", ztoNumber));
                    JsonNode corrected = expect(orders.get("/orders/" + movingOrder), 200, "order " + movingOrder).body();
                    assertThat(corrected.path("sync").path("status").asText()).isEqualTo("SYNCED");
                    assertThat(corrected.path("sync").path("action").asText()).isEqualTo("UPDATE");
                });
                await(ztoNumber + " watched").atMost(WITHIN).until(() ->
                        logisticsApi.get("/tracking/" + ztoNumber).body().path("watch").path("state").asText().equals("WATCHING"));
                assertThat(logisticsApi.get("/tracking/" + sfNumber).body().path("watch").path("state").asText()).isEqualTo("MOVED");
                assertThat(sim.tracking().subscriptions(ztoNumber)).as("one subscription of the new number").hasSize(1);
                assertThat(sim.ewaybillLog()).as("the old number given back once")
                        .filteredOn(call -> call.action().equals("cancel") && call.errcode() == 0 && sfNumber.equals(call.waybillId()))
                        .hasSize(1);
                assertThat(sim.ewaybillLog()).as("one new number taken for the order")
                        .filteredOn(call -> call.tookNumber() && call.deliveryId().equals("ZTO"))
                        .extracting(call -> call.waybillId()).containsExactly(ztoNumber);
                sim.tracking().script(ztoNumber, TrackingScript.NORMAL);
                sim.tracking().pushNext(ztoNumber);
                sim.tracking().pushNext(ztoNumber);
                await("the new number's pushes move it").atMost(WITHIN).until(() ->
                        logisticsApi.get("/tracking/" + ztoNumber).body().path("watch").path("status").asText().equals("PICKED_UP"));

                // Declared a while after the print (the 30-minute mode, shortened): of two printed together, one is
                // cancelled before it is due, and only the other is ever declared.
                autoShip(orders, "AFTER_30_MINUTES");
                List<String> later = pay(sim, 2);
                await("the later orders in the print queue").atMost(WITHIN).until(() -> desk.waiting() == 2);
                List<JsonNode> delayed = takeNumbers(desk, later);
                desk.printed(delayed.get(0).path("runId").asText());
                JsonNode cancelled = delayed.get(0);
                JsonNode kept = delayed.get(1);
                String cancelledOrder = cancelled.path("orderId").asText();
                String keptOrder = kept.path("orderId").asText();
                await("both prints scheduled, not declared yet").atMost(WITHIN).until(() ->
                        scheduled(cancelledOrder).map(s -> s.status().equals("WAITING")).orElse(false)
                                && scheduled(keptOrder).map(s -> s.status().equals("WAITING")).orElse(false));

                Reply cancel = desk.cancel(cancelled.path("waybillId").asLong(), CANCEL_REASON);
                assertThat(cancel.status()).as(cancel.problem()).isEqualTo(200);
                assertThat(cancel.body().path("state").asText()).isEqualTo("CANCELLED");
                await("order-service drops the cancelled waybill's declaration").atMost(WITHIN).until(() ->
                        scheduled(cancelledOrder).map(s -> s.status().equals("CANCELLED")).orElse(false));
                assertThat(scheduled(cancelledOrder).orElseThrow().outcome()).isEqualTo("waybill cancelled: " + CANCEL_REASON);

                // Both timers came due together: the kept one declared, the cancelled one's ran out without a declaration.
                String keptNumber = kept.path("trackingNumber").asText();
                long cancelledTimer = scheduled(cancelledOrder).orElseThrow().id();
                await("the kept order declared when due, and the cancelled one's timer over").atMost(WITHIN.plus(SHORT_DELAY))
                        .untilAsserted(() -> {
                            assertThat(sim.order(SHOP, keptOrder).deliveries()).extracting(Delivery::waybillId).containsExactly(keptNumber);
                            assertThat(autoShipItems(cancelledTimer)).isZero();
                        });
                assertThat(sim.order(SHOP, cancelledOrder).deliveries()).as("the platform shows no parcel").isEmpty();
                assertThat(sim.calls("/channels/ec/order/delivery/send")).as("no delivery/send names the cancelled order")
                        .noneMatch(call -> call.request().contains(cancelledOrder));
                JsonNode notShipped = expect(orders.get("/orders/" + cancelledOrder), 200, "order " + cancelledOrder).body();
                assertThat(notShipped.path("packages")).isEmpty();
                assertThat(notShipped.hasNonNull("sync")).as("no declaration to sync").isFalse();
                assertThat(scheduled(cancelledOrder).orElseThrow().status()).isEqualTo("CANCELLED");
                assertThat(sim.ewaybillLog()).as("the cancelled number given back on the platform")
                        .anyMatch(call -> call.action().equals("cancel") && call.waybillId().equals(cancelled.path("trackingNumber").asText()));
                assertThat(desk.queued(cancelledOrder).path("state").asText()).as("back in the print queue").isEqualTo("WAITING");
            }
        } finally {
            TestDatabase.dropSlots(ORDER_DB);
            TestDatabase.dropSlots(LOGISTICS_DB);
        }
    }

    /** logistics-service's: the tracking feed is platform-sim's kuaidi100 too. */
    private static Map<String, String> logisticsConfig(PlatformSim sim, int port) {
        Map<String, String> config = config(LOGISTICS_DB, sim);
        TrackingConfig feed = TrackingConfig.defaults();
        config.put("shipsync.tracking-feed.kuaidi100.url", sim.baseUrl());
        config.put("shipsync.tracking-feed.kuaidi100.autonumber-url", sim.baseUrl());
        config.put("shipsync.tracking-feed.kuaidi100.key", feed.kuaidi100Key());
        config.put("shipsync.tracking-feed.kuaidi100.customer", feed.kuaidi100Customer());
        config.put("shipsync.tracking-feed.kuaidi100.salt", "print-ship-salt");
        config.put("shipsync.tracking-feed.callback-url", "http://127.0.0.1:" + port + "/tracking-feed/{provider}/push");
        return config;
    }

    private static Map<String, String> config(String database, PlatformSim sim) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(database));
        config.put("quarkus.datasource.username", TestDatabase.ownerOf(database));
        config.put("kafka.bootstrap.servers", SharedKafka.bootstrapServers());
        config.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyLocation());
        config.put("shipsync.wechat.api-url", sim.baseUrl());
        return config;
    }

    private static void autoShip(ServiceApi orders, String mode) throws IOException {
        expect(orders.putAsAdmin("/auto-ship-rule", ServiceApi.JSON.createObjectNode().put("mode", mode)), 200, "auto-ship " + mode);
    }

    /** Buyers pay the orders on the platform, which pushes each to order-service. */
    private static List<String> pay(PlatformSim sim, int count) {
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            orderIds.add(sim.createPaidOrder(SHOP, OrderSpec.of(new OrderItem(PRODUCT, SKU, 1 + i % 2))).orderId());
        }
        return orderIds;
    }

    /** A print run over the orders, finished; its waybills in label order, each with a number. */
    private static List<JsonNode> takeNumbers(PrintDesk desk, List<String> orderIds) throws IOException {
        String runId = desk.startRun(orderIds);
        await("print run " + runId + " finished").atMost(WITHIN).until(() -> desk.progress(runId).path("remaining").asInt() == 0);
        List<JsonNode> waybills = desk.waybills(runId);
        assertThat(waybills).extracting(w -> w.path("orderId").asText()).containsExactlyElementsOf(orderIds);
        assertThat(waybills).allSatisfy(w -> assertThat(w.path("state").asText()).isEqualTo("TAKEN"));
        return waybills;
    }

    /** order-service's declaration scheduled for the order's printed waybill; order-service's API does not show it. */
    private static Optional<Scheduled> scheduled(String orderId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl(ORDER_DB), TestDatabase.USER, TestDatabase.PASSWORD);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT id, status, outcome FROM scheduled_declarations WHERE shop_id = ? AND order_id = ?")) {
            statement.setString(1, SHOP);
            statement.setString(2, orderId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new Scheduled(rows.getLong(1), rows.getString(2), rows.getString(3))) : Optional.empty();
            }
        }
    }

    /** The auto-ship timer's work item: gone once it came due and ran. */
    private static long autoShipItems(long scheduledId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl(ORDER_DB), TestDatabase.USER, TestDatabase.PASSWORD);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM work_items WHERE queue = 'auto-ship' AND shop_id = ? AND item_key = ?")) {
            statement.setString(1, SHOP);
            statement.setString(2, Long.toString(scheduledId));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Reply expect(Reply reply, int status, String what) {
        assertThat(reply.status()).as(what + ": " + reply.problem()).isEqualTo(status);
        return reply;
    }
}
