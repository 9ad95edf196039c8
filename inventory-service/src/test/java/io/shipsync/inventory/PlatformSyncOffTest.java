package io.shipsync.inventory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With platform stock sync switched off, the domain refuses a reconciliation and the API answers 409 in problem+json. */
@QuarkusTest
@TestProfile(PlatformSyncOffTest.SyncOff.class)
@WithTestResource(RealInfrastructure.class)
class PlatformSyncOffTest {

    public static class SyncOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shipsync.inventory.platform.enabled", "false");
        }
    }

    @Test
    void aReconciliationAskedForWhileSyncIsOffIsAConflict() {
        String shopId = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(TestTokens.operator(shopId)).post("/api/shops/{s}/platform-stock/reconciliations", shopId)
                .then().statusCode(409).contentType("application/problem+json")
                .body("title", is("Conflict"))
                .body("detail", is("Platform stock sync is switched off (shipsync.inventory.platform.enabled)."))
                .body("instance", is("/api/shops/" + shopId + "/platform-stock/reconciliations"));
    }
}
