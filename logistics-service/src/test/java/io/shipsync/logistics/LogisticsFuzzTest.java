package io.shipsync.logistics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.shipsync.events.EventCodec;
import io.shipsync.infra.testing.OpenApiFuzzer;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the OpenAPI document fuzzed: no 5xx, every refusal a problem, no waybill outside a run, and
 * an order the fuzzer never named still printed with exactly one number afterwards.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class LogisticsFuzzTest {

    static final long SEED = 20261127L;

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @TestHTTPResource("/")
    URI base;

    @Test
    void noRequestGetsA5xxAndPrintingStillWorks() {
        PrintingShop shop = new PrintingShop(codec, bootstrap, dataSource).withCarriers();
        List<String> orders = shop.paidOrders(3);

        OpenApiFuzzer.Report report = new OpenApiFuzzer(base, SEED, shop.shopId, "shop-stranger")
                .pathValues("orderId", orders.get(0), orders.get(1)).pathValues("carrierCode", "SF", "ZTO")
                .run(1_300);
        System.out.println("logistics-service " + report);

        assertThat(report.failures()).isEmpty();
        assertThat(report.requests()).isGreaterThanOrEqualTo(1_300);
        assertThat(shop.count("SELECT count(*) FROM waybills w WHERE w.shop_id = ? AND NOT EXISTS "
                + "(SELECT 1 FROM print_runs r WHERE r.run_id = w.run_id AND r.shop_id = w.shop_id)", shop.shopId)).isZero();
        // An account of the right shape that WeChat Shop does not know: its refusal is the caller's to hear, not a 500.
        given().auth().oauth2(shop.admin()).contentType(ContentType.JSON).body(Map.of("appId", "wx0000000000000000",
                        "appSecret", "secret", "pushToken", "token", "encodingAesKey", "a".repeat(43)))
                .put("/api/shops/{s}/platform-account", shop.shopId).then().statusCode(200);
        given().auth().oauth2(shop.operator()).post("/api/shops/{s}/carrier-accounts/check", shop.shopId)
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("40013"));
        // The fuzzer may have changed the account and the carriers: set them back, then print the order it never named.
        shop.registerAccount();
        shop.withCarriers();
        JsonPath run = shop.run(List.of(orders.get(2)));
        JsonPath waybills = shop.waybills(run.getString("runId"));
        assertThat(waybills.getList("items.orderId")).containsExactly(orders.get(2));
        assertThat(waybills.getString("items[0].trackingNumber")).isNotBlank();
    }
}
