package io.shipsync.logistics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.shipsync.events.CarrierAccountChanged;
import io.shipsync.events.CarrierAccountState;
import io.shipsync.events.EventCodec;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.sim.EwaybillAccountPatch;
import io.shipsync.sim.EwaybillAccountSpec;
import io.shipsync.sim.EwaybillAccountView;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * 接口测试: not authorised, balance low, carrier not opened and platform unreachable each get their own answer and
 * their own CarrierAccountChanged, on demand and from the periodic check; a run refuses an account that can't take
 * numbers.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class AccountHealthTest {

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @Inject
    AccountHealth health;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void eachAccountStateHasItsOwnAnswerAndItsOwnEvent() {
        PrintingShop shop = new PrintingShop(codec, bootstrap, dataSource);
        shop.carriers(Map.of("enabledCarriers", List.of("SF", "ZTO", "YTO", "JTSD"), "defaultCarrier", "SF",
                "balanceThreshold", 100)).then().statusCode(200);
        EwaybillAccountView zto = PrintingShop.sim().ewaybillAccount(shop.shopId, "ZTO");
        EwaybillAccountView yto = PrintingShop.sim().ewaybillAccount(shop.shopId, "YTO");
        PrintingShop.sim().setEwaybillAccount(shop.shopId, zto.acctId(), new EwaybillAccountPatch(EwaybillAccountView.UNAUTHORIZED, null));
        PrintingShop.sim().setEwaybillAccount(shop.shopId, yto.acctId(), new EwaybillAccountPatch(null, 5L));
        PrintingShop.sim().removeEwaybillAccount(shop.shopId, PrintingShop.sim().ewaybillAccount(shop.shopId, "JTSD").acctId());

        JsonPath checked = check(shop);
        assertThat(checked.getString("find { it.carrierCode == 'SF' }.monthlyCard")).as("直营: a monthly account").isNotBlank();
        assertThat(checked.getString("find { it.carrierCode == 'ZTO' }.siteCode")).as("加盟: a 网点").isNotBlank();
        assertThat(checked.getString("find { it.carrierCode == 'SF' }.sender.name")).isNotBlank();
        Map<String, String> states = states(checked);
        assertThat(states).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SF", "AUTHORIZED", "ZTO", "NOT_AUTHORIZED", "YTO", "BALANCE_LOW", "JTSD", "CARRIER_NOT_OPENED"));
        List<CarrierAccountChanged> first = awaitEvents(shop, 4);
        assertThat(first).allSatisfy(e -> assertThat(e.previousState()).isNull());
        assertThat(first).filteredOn(e -> e.carrierCode().equals("YTO")).singleElement()
                .satisfies(e -> assertThat(e.balance()).isEqualTo(5L))
                .satisfies(e -> assertThat(e.threshold()).isEqualTo(100L));

        // A check finding nothing new announces nothing: only changes are events.
        check(shop);
        shop.startRun(Map.of("orderIds", shop.paidOrders(1), "carrierCode", "ZTO")).then().statusCode(409)
                .body("detail", containsString("no ZTO e-waybill account can take numbers"));
        assertThat(shop.events("shipsync.carrier-account", CarrierAccountChanged.class)).hasSize(4);

        PrintingShop.sim().stopServing();
        try {
            assertThat(states(check(shop))).containsOnlyKeys("SF", "ZTO", "YTO", "JTSD")
                    .allSatisfy((carrier, state) -> assertThat(state).isEqualTo("PLATFORM_UNREACHABLE"));
        } finally {
            PrintingShop.sim().resumeServing();
        }
        // Each account is its own key, so only events of one account come in order.
        List<CarrierAccountChanged> unreachable = awaitEvents(shop, 8).stream()
                .filter(e -> e.state() == CarrierAccountState.PLATFORM_UNREACHABLE).toList();
        assertThat(unreachable).hasSize(4).allSatisfy(e -> assertThat(e.balance()).isNull());
        assertThat(unreachable.stream().collect(Collectors.toMap(CarrierAccountChanged::carrierCode, e -> e.previousState().name())))
                .isEqualTo(states);

        // The periodic check (the queue's, one replica per shop) finds the platform back and the balance topped up.
        PrintingShop.sim().setEwaybillAccount(shop.shopId, yto.acctId(), new EwaybillAccountPatch(null, 5000L));
        health.checkAll();
        await().atMost(PrintingShop.WITHIN).until(() -> shop.events("shipsync.carrier-account", CarrierAccountChanged.class).size() == 12);
        assertThat(states(accounts(shop))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SF", "AUTHORIZED", "ZTO", "NOT_AUTHORIZED", "YTO", "AUTHORIZED", "JTSD", "CARRIER_NOT_OPENED"));

        // An account the platform stops listing (unbound) can't take numbers; a carrier opened later clears its placeholder.
        String oldSf = PrintingShop.sim().ewaybillAccount(shop.shopId, "SF").acctId();
        String newSf = PrintingShop.sim().addEwaybillAccount(shop.shopId, EwaybillAccountSpec.of("SF")).acctId();
        PrintingShop.sim().removeEwaybillAccount(shop.shopId, oldSf);
        String jtsd = PrintingShop.sim().addEwaybillAccount(shop.shopId, EwaybillAccountSpec.of("JTSD")).acctId();
        List<Map<String, Object>> after = check(shop).getList("$");
        assertThat(after.stream().collect(Collectors.toMap(a -> a.get("carrierCode") + "/" + a.get("accountId"), a -> a.get("state"))))
                .containsEntry("SF/" + oldSf, "NOT_AUTHORIZED").containsEntry("SF/" + newSf, "AUTHORIZED")
                .containsEntry("JTSD/" + CarrierAccount.NO_ACCOUNT, "AUTHORIZED").containsEntry("JTSD/" + jtsd, "AUTHORIZED");
        shop.startRun(Map.of("orderIds", shop.paidOrders(2).subList(1, 2))).then().statusCode(202).body("accountId", is(newSf));
    }

    private static JsonPath check(PrintingShop shop) {
        return JsonPath.from(given().auth().oauth2(shop.operator()).post("/api/shops/{s}/carrier-accounts/check", shop.shopId)
                .then().statusCode(200).extract().asString());
    }

    private static JsonPath accounts(PrintingShop shop) {
        return JsonPath.from(given().auth().oauth2(shop.operator()).get("/api/shops/{s}/carrier-accounts", shop.shopId)
                .then().statusCode(200).extract().asString());
    }

    /** Carrier → state, for the shop's one account per carrier. */
    private static Map<String, String> states(JsonPath accounts) {
        List<Map<String, Object>> list = accounts.getList("$");
        return list.stream().collect(Collectors.toMap(a -> (String) a.get("carrierCode"), a -> (String) a.get("state")));
    }

    private static List<CarrierAccountChanged> awaitEvents(PrintingShop shop, int count) {
        await().atMost(PrintingShop.WITHIN).until(() -> shop.events("shipsync.carrier-account", CarrierAccountChanged.class).size() >= count);
        return shop.events("shipsync.carrier-account", CarrierAccountChanged.class);
    }
}
