package io.shipsync.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderPlaced;
import io.shipsync.events.Region;
import io.shipsync.infra.testing.SharedKafka;
import io.shipsync.infra.testing.TestDatabase;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.sim.EwaybillCall;
import io.shipsync.sim.FaultSpec;
import io.shipsync.sim.OrderSpec;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.ShopSpec;
import io.shipsync.sim.SkuSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * 批量打单 takes one e-waybill number per order exactly once, through lost answers and a crash: logistics-service, as
 * its packaged app, runs a print run of 100 orders while platform-sim carries out precreate and create calls and
 * then loses their answers, and is killed with {@code kill -9} a third of the way through, some of those calls still
 * unanswered, then started again on the same database. The platform's e-waybill log must show exactly one number
 * taken per order: a lost precreate is asked again (its id never used), a lost create is settled with order/get,
 * even when the process that sent it is gone.
 */
class WaybillRunKillIT {

    private static final String DB = "shipsync_it_waybill_kill";
    private static final String SHOP = "shop-waybill-kill";
    private static final String APP_ID = "wxwaybillkill0001";
    private static final String APP_SECRET = "waybill-kill-secret";
    private static final String PUSH_TOKEN = "waybillkilltoken";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final String PRODUCT = "10000031000001";
    private static final String SKU = "1873931000001";
    private static final int ORDERS = 100;
    private static final String EWAYBILL = "/channels/ec/logistics/ewaybill/biz/";
    private static final String PRECREATE = EWAYBILL + "order/precreate";
    private static final String CREATE = EWAYBILL + "order/create";
    /** logistics-service gives up on a platform call after this... */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);
    /** ...and the platform holds a lost answer longer, so a call it carried out is a timeout to the caller. */
    private static final Duration FAULT_HOLD = Duration.ofSeconds(3);
    /**
     * The platform's order/get (the receiver and goods, read before precreate) answers this slowly, so that the run
     * lasts seconds rather than one and can be killed a third of the way through.
     */
    private static final long ORDER_READ_MILLIS = 300;
    /** Precreate answers, and as many create answers, lost at the start of the run and again right before the kill. */
    private static final int LOST_PER_BATCH = 3;

    @Test
    void aRunKilledMidwayWhileAnswersAreLostTakesOneNumberPerOrder() throws Exception {
        TestDatabase.recreate(DB, TestDatabase.serviceRole("logistics-service"));
        try (PlatformSim sim = PlatformSim.start(PlatformSim.Config.defaults().withFaultHold(FAULT_HOLD))) {
            sim.createShop(new ShopSpec(SHOP, APP_ID, APP_SECRET, PUSH_TOKEN, AES_KEY, null, "gh_waybillkill"));
            sim.addProduct(SHOP, ProductSpec.of(PRODUCT, "不锈钢保温杯 500ml", new SkuSpec(SKU, "CUP-500", 8900, 100_000)));
            Map<String, String> config = config(sim);

            String runId;
            Instant killedAt;
            try (ServiceProcess logistics = ServiceProcess.start("logistics-service", "logistics-waybill-kill", config)) {
                PrintDesk desk = new PrintDesk(new ServiceApi("logistics-service", logistics.uri(""), SHOP));
                desk.connect(APP_ID, APP_SECRET, PUSH_TOKEN, AES_KEY);
                desk.useSfAndZto();
                List<String> orderIds = paidAndAnnounced(sim);
                await("every order in the print queue").atMost(Duration.ofSeconds(60)).until(() -> desk.waiting() == ORDERS);

                sim.injectFault(FaultSpec.latency("/channels/ec/order/get", ORDER_READ_MILLIS, 100_000).forShop(SHOP));
                loseAnswers(sim);
                runId = desk.startRun(orderIds);
                String run = runId;
                await("a third of the numbers taken").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                        .until(() -> desk.progress(run).path("taken").asInt() >= ORDERS / 3);
                // More answers lost, and the process killed the moment the platform has carried those calls out: their
                // callers are still waiting for the answers when they die.
                loseAnswers(sim);
                await("the platform carried out the calls whose answers it withholds").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(10)).until(() -> sim.faults().stream()
                                .noneMatch(f -> f.api().equals(PRECREATE) || f.api().equals(CREATE)));
                logistics.kill();
                killedAt = Instant.now();
            }

            try (ServiceProcess restarted = ServiceProcess.start("logistics-service", "logistics-waybill-kill-restarted", config)) {
                PrintDesk desk = new PrintDesk(new ServiceApi("logistics-service", restarted.uri(""), SHOP));
                await("the run resumed and finished").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> desk.progress(runId).path("remaining").asInt() == 0);
                assertThat(desk.progress(runId).path("taken").asInt()).as("numbers taken").isEqualTo(ORDERS);

                List<EwaybillCall> log = sim.ewaybillLog().stream().filter(call -> SHOP.equals(call.shopId())).toList();
                List<EwaybillCall> numbers = log.stream().filter(call -> call.action().equals("create") && call.tookNumber()).toList();
                Map<String, Long> numbersPerOrder = numbers.stream().flatMap(call -> call.ecOrderIds().stream())
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
                assertThat(numbersPerOrder).as("numbers the platform took per order").hasSize(ORDERS)
                        .allSatisfy((order, count) -> assertThat(count).as("numbers taken for " + order).isEqualTo(1));

                List<JsonNode> waybills = desk.waybills(runId);
                assertThat(waybills).hasSize(ORDERS).allSatisfy(w -> assertThat(w.path("state").asText()).isEqualTo("TAKEN"));
                Map<String, String> numberOf = waybills.stream()
                        .collect(Collectors.toMap(w -> w.path("orderId").asText(), w -> w.path("trackingNumber").asText()));
                assertThat(Set.copyOf(numberOf.values())).as("distinct tracking numbers").hasSize(ORDERS);
                assertThat(numbers).as("each order holds the very number the platform took for it")
                        .allSatisfy(call -> assertThat(numberOf.get(call.ecOrderIds().get(0))).isEqualTo(call.waybillId()));

                // A create whose answer was lost took its number on the platform, and its order holds that number (above):
                // settled with order/get, not taken again.
                assertThat(numbers.stream().filter(call -> !call.answered())).as("creates whose answer was lost")
                        .hasSize(2 * LOST_PER_BATCH);
                Set<String> created = numbers.stream().map(EwaybillCall::ewaybillOrderId).collect(Collectors.toSet());
                List<EwaybillCall> lostPrecreates = log.stream()
                        .filter(call -> call.action().equals("precreate") && !call.answered()).toList();
                assertThat(lostPrecreates).as("precreates whose answer was lost").hasSize(2 * LOST_PER_BATCH)
                        .allSatisfy(call -> assertThat(created).as("an id never answered is never created")
                                .doesNotContain(call.ewaybillOrderId()));

                long before = numbers.stream().filter(call -> call.at().isBefore(killedAt)).count();
                assertThat(before).as("numbers taken before the kill").isBetween((long) ORDERS / 3, (long) ORDERS - 1);
                assertThat(log.stream().filter(call -> call.at().isAfter(killedAt) && call.action().equals("precreate")))
                        .as("the restarted service went on with the run").isNotEmpty();
            }
        } finally {
            TestDatabase.dropSlots(DB);
        }
    }

    private static Map<String, String> config(PlatformSim sim) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(DB));
        config.put("quarkus.datasource.username", TestDatabase.ownerOf(DB));
        config.put("kafka.bootstrap.servers", SharedKafka.bootstrapServers());
        config.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyLocation());
        config.put("shipsync.wechat.api-url", sim.baseUrl());
        config.put("shipsync.wechat.timeout", CLIENT_TIMEOUT.toMillis() + "ms");
        // The killed replica's items are taken again once their lease runs out: within 5 s, not the default 30.
        config.put("shipsync.work.waybill-take.lease", "5s");
        // A timed-out call is tried again within a second, not after a backoff doubling towards minutes.
        config.put("shipsync.work.waybill-take.backoff", "200ms");
        config.put("shipsync.work.waybill-take.max-backoff", "1s");
        return config;
    }

    /** The shop's next precreate and create calls are carried out and their answers lost, {@value #LOST_PER_BATCH} of each. */
    private static void loseAnswers(PlatformSim sim) {
        sim.injectFault(FaultSpec.timeoutAfterSuccess(PRECREATE, LOST_PER_BATCH).forShop(SHOP));
        sim.injectFault(FaultSpec.timeoutAfterSuccess(CREATE, LOST_PER_BATCH).forShop(SHOP));
    }

    /** Buyers pay the orders on the platform, and each is announced as order-service's relay would (OrderPlaced). */
    private static List<String> paidAndAnnounced(PlatformSim sim) throws Exception {
        EventCodec codec = new EventCodec();
        List<String> orderIds = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                String orderId = sim.createPaidOrder(SHOP, OrderSpec.of(new io.shipsync.sim.OrderItem(PRODUCT, SKU, 1))).orderId();
                orderIds.add(orderId);
                OrderPlaced placed = new OrderPlaced(orderId, Instant.now(), OrderPlaced.DELIVER_PHYSICAL,
                        List.of(new OrderItem(PRODUCT, SKU, "CUP-500", 1, 8900)), new Region("浙江省", "杭州市", "西湖区"), 8900);
                EventEnvelope envelope = codec.envelope(placed, SHOP, UUID.randomUUID(), null, Instant.now());
                sent.add(producer.send(new ProducerRecord<>("shipsync.order", envelope.aggregateId(), codec.write(envelope))));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        }
        return orderIds;
    }
}
