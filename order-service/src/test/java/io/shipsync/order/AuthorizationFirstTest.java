package io.shipsync.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shop access is checked from the path before the body is read or validated (eventing's ShopAccessFilter): a
 * caller without access to the shop gets the same 403, whatever it sends, on every shop-scoped write.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class AuthorizationFirstTest {

    private static final String SHOP = "shop-authz-first";

    /** Bodies from well-formed to nonsense: none may change the answer to a caller without access. */
    private static final List<String> BODIES = List.of(
            "{\"orderId\":\"3705115058471208928\",\"paidAt\":\"2026-11-25T10:00:00Z\",\"deliverMethod\":0,"
                    + "\"items\":[{\"productId\":\"p-1\",\"skuId\":\"sku-1\",\"quantity\":1,\"unitPriceFen\":100}],"
                    + "\"receiverRegion\":{\"province\":\"广东省\",\"city\":\"深圳市\",\"county\":\"南山区\"},\"totalFen\":100}",
            "{\"orderId\":\"\",\"items\":[],\"deliverMethod\":7,\"totalFen\":-1}",
            "{\"packages\":[{\"carrierCode\":\"SF\",\"trackingNumber\":\"nope\",\"items\":[]}]}",
            "{\"mode\":\"SOMETIMES\",\"from\":\"yesterday\"}",
            "{\"quantity\":\"many\"",
            "[]",
            "");

    /** A media type the endpoint does not take would otherwise be a 415, telling the path exists. */
    private static final List<String> MEDIA_TYPES = List.of("application/json", "text/plain", "application/xml");

    private static final List<String[]> WRITES = List.of(
            new String[] {"POST", "/api/shops/" + SHOP + "/orders"},
            new String[] {"POST", "/api/shops/" + SHOP + "/orders/3705115058471208928/shipments"},
            new String[] {"POST", "/api/shops/" + SHOP + "/reconciliations"},
            new String[] {"PUT", "/api/shops/" + SHOP + "/auto-ship-rule"},
            new String[] {"PUT", "/api/shops/" + SHOP + "/platform-account"});

    @Test
    void aCallerWithoutAccessToTheShopGets403WhateverTheBody() {
        String stranger = TestTokens.admin("some-other-shop");
        for (String[] write : WRITES) {
            Response first = null;
            for (String mediaType : MEDIA_TYPES) {
                for (String body : BODIES) {
                    Response answer = given().auth().oauth2(stranger).contentType(mediaType).body(body)
                            .request(write[0], write[1]);
                    String what = String.format("%s %s with %s %s", write[0], write[1], mediaType, body);
                    assertThat(answer.statusCode()).as(what).isEqualTo(403);
                    assertThat(answer.contentType()).startsWith("application/problem+json");
                    assertThat(answer.asString()).contains(SHOP);
                    if (first == null) {
                        first = answer;
                    } else {
                        assertThat(answer.asByteArray()).as(what).isEqualTo(first.asByteArray());
                    }
                }
            }
        }
    }

    @Test
    void readsAreRefusedTheSameWayAndACallerWithAccessStillHearsWhatIsWrongWithItsBody() {
        given().auth().oauth2(TestTokens.viewer("some-other-shop")).get("/api/shops/{s}/findings", SHOP)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.viewer("some-other-shop")).get("/api/shops/{s}/no-such-thing", SHOP)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.operator(SHOP)).contentType("text/plain").body("{}")
                .post("/api/shops/{s}/orders", SHOP).then().statusCode(415);
        given().auth().oauth2(TestTokens.admin(SHOP)).contentType("application/json").body("{\"mode\":\"SOMETIMES\"}")
                .put("/api/shops/{s}/auto-ship-rule", SHOP).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.operator(SHOP)).contentType("application/json").body("{\"quantity\":\"many\"")
                .post("/api/shops/{s}/orders", SHOP).then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("{}").post("/api/shops/{s}/orders", SHOP)
                .then().statusCode(401).contentType("application/problem+json");
    }
}
