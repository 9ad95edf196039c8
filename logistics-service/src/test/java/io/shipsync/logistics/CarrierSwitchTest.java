package io.shipsync.logistics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.events.CarrierSwitched;
import io.shipsync.events.EventCodec;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.PackageItem;
import io.shipsync.events.ShippedPackage;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.sim.EwaybillCall;
import io.shipsync.sim.FaultSpec;
import io.shipsync.sim.TrackingScript;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 切换备用快递 against platform-sim over HTTP, Kafka and PostgreSQL real: the new number is taken once, the old one
 * cancelled once whatever answers are lost, CarrierSwitched announced once, and the corrected declaration moves the
 * watch. order-service's part (the correction) is played here by announcing what it announces; its own test shows
 * it corrects on CarrierSwitched.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class CarrierSwitchTest {

    private static final String EWAYBILL = "/channels/ec/logistics/ewaybill/biz/order/";

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @Inject
    CarrierSwitches switches;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @AfterEach
    void clearFaults() {
        PrintingShop.sim().clearFaults();
    }

    @Test
    void aParcelNotPickedUpMovesToTheBackupCarrierOnceWhateverAnswersAreLost() {
        PrintingShop shop = new PrintingShop(codec, bootstrap, dataSource).withCarriers();
        String orderId = shop.paidOrders(1).get(0);
        JsonPath waybill = shop.waybills(shop.run(List.of(orderId)).getString("runId"));
        String sfNumber = waybill.getString("items[0].trackingNumber");
        String sfEwaybill = waybill.getString("items[0].ewaybillOrderId");
        List<PackageItem> items = List.of(new PackageItem(shop.productId, shop.skuId, 1));
        shop.publish(new OrderShipped(orderId, List.of(new ShippedPackage("SF", sfNumber, items)), Instant.now(), true, false));
        await().atMost(PrintingShop.WITHIN).until(() -> "WATCHING".equals(watch(shop, sfNumber).getString("watch.state")));

        // The new number's create and the old number's cancel both go through with their answers lost.
        PrintingShop.sim().injectFault(FaultSpec.timeoutAfterSuccess(EWAYBILL + "create", 1).forShop(shop.shopId));
        PrintingShop.sim().injectFault(FaultSpec.timeoutAfterSuccess(EWAYBILL + "cancel", 1).forShop(shop.shopId));
        String switchId = given().auth().oauth2(shop.operator())
                .post("/api/shops/{s}/tracking/{n}/switch-carrier", shop.shopId, sfNumber)
                .then().statusCode(202).extract().path("switchId");
        String again = given().auth().oauth2(shop.operator())
                .post("/api/shops/{s}/tracking/{n}/switch-carrier", shop.shopId, sfNumber)
                .then().statusCode(202).extract().path("switchId");
        assertThat(again).as("a second request answers the switch under way").isEqualTo(switchId);

        JsonPath announced = awaitStep(shop, switchId, "ANNOUNCED");
        String ztoNumber = announced.getString("toNumber");
        assertThat(ztoNumber).matches("7\\d{13}");
        List<CarrierSwitched> switched = shop.events("shipsync.waybill", CarrierSwitched.class);
        assertThat(switched).singleElement().satisfies(s -> {
            assertThat(s.fromTrackingNumber()).isEqualTo(sfNumber);
            assertThat(s.toCarrierCode()).isEqualTo("ZTO");
            assertThat(s.toTrackingNumber()).isEqualTo(ztoNumber);
            assertThat(s.items()).isEqualTo(items);
        });
        List<EwaybillCall> calls = PrintingShop.sim().ewaybillLog().stream()
                .filter(c -> c.shopId().equals(shop.shopId)).toList();
        assertThat(calls.stream().filter(EwaybillCall::tookNumber)).as("the old number and one new one")
                .extracting(EwaybillCall::deliveryId).containsExactlyInAnyOrder("SF", "ZTO");
        assertThat(calls.stream().filter(c -> c.action().equals("cancel") && c.errcode() == 0))
                .as("the old waybill cancelled once; the retry after the lost answer found it gone")
                .singleElement().satisfies(c -> assertThat(c.ewaybillOrderId()).isEqualTo(sfEwaybill));

        // Every step run again (a retry after a crash) changes nothing.
        WorkOutcome rerun = switches.work(new WorkItem(0, CarrierSwitches.QUEUE, shop.shopId, switchId, 2, true));
        assertThat(rerun).isInstanceOf(WorkOutcome.Done.class);

        // order-service corrects the declaration (deliveryinfo/update) and announces it.
        shop.publish(new OrderShipped(orderId, List.of(new ShippedPackage("ZTO", ztoNumber, items)), Instant.now(), true, true));
        awaitStep(shop, switchId, "DECLARED");
        JsonPath old = watch(shop, sfNumber);
        assertThat(old.getString("watch.state")).isEqualTo("MOVED");
        assertThat(old.getString("watch.replacedBy")).isEqualTo(ztoNumber);
        await().atMost(PrintingShop.WITHIN).until(() -> "WATCHING".equals(watch(shop, ztoNumber).getString("watch.state")));
        assertThat(PrintingShop.sim().tracking().subscriptions(ztoNumber)).hasSize(1);
        assertThat(shop.count("SELECT count(*) FROM waybills WHERE shop_id = ? AND order_id = ? AND state = 'TAKEN'",
                shop.shopId, orderId)).as("one live waybill").isEqualTo(1);
        assertThat(shop.events("shipsync.waybill", CarrierSwitched.class)).hasSize(1);

        given().auth().oauth2(shop.operator()).post("/api/shops/{s}/tracking/{n}/switch-carrier", shop.shopId, sfNumber)
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aParcelThePickupScannedOrAShopWithoutBackupCannotSwitch() {
        PrintingShop shop = new PrintingShop(codec, bootstrap, dataSource);
        shop.carriers(Map.of("enabledCarriers", List.of("SF", "ZTO"), "defaultCarrier", "SF")).then().statusCode(200);
        given().auth().oauth2(shop.operator()).post("/api/shops/{s}/carrier-accounts/check", shop.shopId).then().statusCode(200);
        String orderId = shop.paidOrders(1).get(0);
        String number = shop.waybills(shop.run(List.of(orderId)).getString("runId")).getString("items[0].trackingNumber");
        PrintingShop.sim().tracking().script(number, TrackingScript.NORMAL);
        shop.publish(new OrderShipped(orderId, List.of(new ShippedPackage("SF", number,
                List.of(new PackageItem(shop.productId, shop.skuId, 1)))), Instant.now(), true, false));
        await().atMost(PrintingShop.WITHIN).until(() -> "WATCHING".equals(watch(shop, number).getString("watch.state")));

        given().auth().oauth2(shop.operator()).post("/api/shops/{s}/tracking/{n}/switch-carrier", shop.shopId, number)
                .then().statusCode(409).body("detail", containsString("backupCarrier"));
        given().auth().oauth2(shop.operator()).post("/api/shops/{s}/tracking/{n}/switch-carrier", shop.shopId, "SF0000000000000")
                .then().statusCode(404);

        PrintingShop.sim().tracking().pushNext(number); // 下单
        PrintingShop.sim().tracking().pushNext(number); // 揽收
        await().atMost(PrintingShop.WITHIN).until(() -> "PICKED_UP".equals(watch(shop, number).getString("watch.status")));
        given().auth().oauth2(shop.operator()).post("/api/shops/{s}/tracking/{n}/switch-carrier", shop.shopId, number)
                .then().statusCode(409).body("detail", containsString("first scan"));
    }

    private static JsonPath watch(PrintingShop shop, String number) {
        return JsonPath.from(given().auth().oauth2(shop.operator()).get("/api/shops/{s}/tracking/{n}", shop.shopId, number)
                .then().extract().asString());
    }

    private static JsonPath awaitStep(PrintingShop shop, String switchId, String step) {
        await().atMost(PrintingShop.WITHIN).until(() -> step.equals(switchOf(shop, switchId).getString("step")));
        return switchOf(shop, switchId);
    }

    private static JsonPath switchOf(PrintingShop shop, String switchId) {
        return JsonPath.from(given().auth().oauth2(shop.operator()).get("/api/shops/{s}/carrier-switches/{id}", shop.shopId, switchId)
                .then().statusCode(200).extract().asString());
    }
}
