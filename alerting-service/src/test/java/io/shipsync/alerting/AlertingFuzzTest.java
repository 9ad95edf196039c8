package io.shipsync.alerting;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.events.EventCodec;
import io.shipsync.infra.testing.OpenApiFuzzer;
import io.shipsync.infra.testing.RealInfrastructure;
import jakarta.inject.Inject;
import java.net.URI;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the OpenAPI document fuzzed: no 5xx, every refusal a problem, and the shop's rules and its
 * alerts, paged, still answer afterwards.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AlertingFuzzTest {

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
    void noRequestGetsA5xxAndRulesAndAlertsStillAnswer() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);

        OpenApiFuzzer.Report report = new OpenApiFuzzer(base, SEED, shop.shopId, "shop-stranger").run(1_300);
        System.out.println("alerting-service " + report);

        assertThat(report.failures()).isEmpty();
        assertThat(report.requests()).isGreaterThanOrEqualTo(1_300);
        given().auth().oauth2(shop.viewer()).get("/api/shops/{s}/rules", shop.shopId).then().statusCode(200);
        given().auth().oauth2(shop.viewer()).queryParam("size", 2).get("/api/shops/{s}/alerts", shop.shopId)
                .then().statusCode(200).body("size", is(2));
    }
}
