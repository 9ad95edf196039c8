package io.shipsync.eventing.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The checks every service makes on a bearer token besides its signature and expiry: its audience, and how long
 * ago it was issued (the test profile allows a week, {@code mp.jwt.verify.token.age}).
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class TokenChecksTest {

    private static final String SHOP = "token-shop";
    private static final String PROBE = "/api/shops/" + SHOP + "/probe";

    @Test
    void aTokenForShipSyncIssuedRecentlyIsAccepted() {
        given().auth().oauth2(TestTokens.viewer(SHOP)).get(PROBE).then().statusCode(200).body("shopId", is(SHOP));
        given().auth().oauth2(TestTokens.issuedAgo(Duration.ofDays(6), "viewer", SHOP)).get(PROBE).then().statusCode(200);
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedWith401() {
        String elsewhere = TestTokens.forAudience("some-other-api", "viewer", SHOP);

        given().auth().oauth2(elsewhere).get(PROBE).then().statusCode(401);
        given().auth().oauth2(TestTokens.forAudience("some-other-api", "system")).get("/api/dead-letters").then().statusCode(401);
    }

    @Test
    void aTokenIssuedLongerAgoThanTheMaximumAgeIsRefusedWith401EvenBeforeItExpires() {
        String old = TestTokens.issuedAgo(Duration.ofDays(8), "viewer", SHOP);

        given().auth().oauth2(old).get(PROBE).then().statusCode(401);
        given().auth().oauth2(TestTokens.issuedAgo(Duration.ofDays(8), "system")).get("/api/dead-letters").then().statusCode(401);
    }
}
