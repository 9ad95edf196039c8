package io.shipsync.logistics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.shipsync.events.EventCodec;
import io.shipsync.events.HoldReason;
import io.shipsync.events.OrderCancelled;
import io.shipsync.events.OrderHeld;
import io.shipsync.events.OrderItem;
import io.shipsync.events.OrderReleased;
import io.shipsync.events.OrderShipped;
import io.shipsync.events.PackageItem;
import io.shipsync.events.ShippedPackage;
import io.shipsync.events.WaybillCancelled;
import io.shipsync.events.WaybillPrinted;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.TestTokens;
import io.shipsync.sim.EwaybillCall;
import io.shipsync.sim.FaultSpec;
import io.shipsync.sim.RiskHold;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 批量打单 against platform-sim over HTTP, Kafka and PostgreSQL real: one number per order whatever the platform
 * loses, labels whose barcodes scan to the right order, WaybillPrinted once per print, holds named, cancels.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class PrintRunTest {

    private static final String CREATE = "/channels/ec/logistics/ewaybill/biz/order/create";
    private static final String PRECREATE = "/channels/ec/logistics/ewaybill/biz/order/precreate";

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @AfterEach
    void clearFaults() {
        PrintingShop.sim().clearFaults();
    }

    private PrintingShop newShop() {
        return new PrintingShop(codec, bootstrap, dataSource).withCarriers();
    }

    @Test
    void aRunOf200OrdersTakes200NumbersOnePdfOf200PagesAnd200WaybillPrinted() throws IOException {
        PrintingShop shop = newShop();
        List<String> orderIds = shop.paidOrders(200);

        JsonPath run = shop.run(orderIds);
        assertThat(run.getInt("progress.taken")).isEqualTo(200);
        assertThat(run.getInt("progress.failed")).isZero();
        String runId = run.getString("runId");
        JsonPath waybills = shop.waybills(runId);
        List<String> numbers = waybills.getList("items.trackingNumber");
        assertThat(waybills.getList("items.orderId", String.class)).containsExactlyElementsOf(orderIds);
        assertThat(numbers).doesNotContainNull().doesNotHaveDuplicates().allMatch(n -> n.matches("SF\\d{13}"));
        assertThat(numbersTaken(shop)).as("one number taken per order on the platform")
                .containsOnlyKeys(orderIds).allSatisfy((order, creates) -> assertThat(creates).isEqualTo(1));

        byte[] pdf = given().auth().oauth2(shop.operator()).get("/api/shops/{s}/print-runs/{r}/labels.pdf", shop.shopId, runId)
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(200);
            PDFRenderer renderer = new PDFRenderer(document);
            PDFTextStripper text = new PDFTextStripper();
            for (int page = 0; page < 200; page++) {
                assertThat(barcode(renderer.renderImageWithDPI(page, 200, ImageType.GRAY), page))
                        .as("barcode of page %d", page + 1).isEqualTo(numbers.get(page));
                text.setStartPage(page + 1);
                text.setEndPage(page + 1);
                assertThat(text.getText(document)).as("page %d", page + 1)
                        .contains(orderIds.get(page), (page + 1) + " / 200", "顺丰速运");
            }
        }

        List<?> printed = given().auth().oauth2(shop.operator()).contentType(ContentType.JSON).body("{}")
                .post("/api/shops/{s}/print-runs/{r}/printed", shop.shopId, runId).then().statusCode(200).extract().as(List.class);
        assertThat(printed).hasSize(200);
        given().auth().oauth2(shop.operator()).contentType(ContentType.JSON).body("{}")
                .post("/api/shops/{s}/print-runs/{r}/printed", shop.shopId, runId).then().statusCode(200).body("size()", is(0));
        await().atMost(PrintingShop.WITHIN).until(() -> shop.events("shipsync.waybill", WaybillPrinted.class).size() >= 200);
        List<WaybillPrinted> events = shop.events("shipsync.waybill", WaybillPrinted.class);
        assertThat(events).hasSize(200).noneMatch(WaybillPrinted::reprint);
        assertThat(events).extracting(WaybillPrinted::orderId).containsExactlyInAnyOrderElementsOf(orderIds);
        assertThat(events).extracting(WaybillPrinted::trackingNumber).containsExactlyInAnyOrderElementsOf(numbers);
        assertThat(events).allSatisfy(e -> assertThat(e.items()).singleElement()
                .satisfies(item -> assertThat(item.skuId()).isEqualTo(shop.skuId)));
        await().atMost(PrintingShop.WITHIN).until(() -> notices(shop, 0) == 200);
    }

    @Test
    void lostAnswersAndARestartMidRunNeverTakeASecondNumber() {
        PrintingShop shop = newShop();
        List<String> orderIds = shop.paidOrders(20);
        PrintingShop.sim().injectFault(FaultSpec.timeoutAfterSuccess(PRECREATE, 6).forShop(shop.shopId));
        PrintingShop.sim().injectFault(FaultSpec.timeoutAfterSuccess(CREATE, 8).forShop(shop.shopId));

        JsonPath run = shop.run(orderIds);

        assertThat(run.getInt("progress.taken")).isEqualTo(20);
        assertThat(numbersTaken(shop)).containsOnlyKeys(orderIds).allSatisfy((order, creates) -> assertThat(creates).isEqualTo(1));
        assertThat(PrintingShop.sim().ewaybillLog().stream()
                .filter(c -> shop.shopId.equals(c.shopId()) && c.action().equals("create") && !c.answered()))
                .as("the lost answers happened").hasSize(8);
        assertThat(shop.waybills(run.getString("runId")).getList("items.trackingNumber")).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void aHeldOrderIsRefusedWithItsHoldNamedUntilReleased() {
        PrintingShop shop = newShop();
        List<String> orderIds = shop.paidOrders(3);
        String held = orderIds.get(1);
        shop.publish(new OrderHeld(held, HoldReason.FRAUD_REVIEW, "同一买家 10 分钟内下单 5 次", Instant.now()));
        shop.drained(held);

        given().auth().oauth2(shop.operator()).queryParam("held", true).get("/api/shops/{s}/print-queue", shop.shopId)
                .then().statusCode(200).body("items.orderId", is(List.of(held)))
                .body("items[0].hold.reason", is("FRAUD_REVIEW"));
        shop.startRun(Map.of("orderIds", orderIds)).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(held)).body("errors[0].field", is(held))
                .body("errors[0].message", containsString("FRAUD_REVIEW"));
        assertThat(shop.count("SELECT count(*) FROM waybills WHERE shop_id = ?", shop.shopId)).as("nothing claimed").isZero();

        shop.publish(new OrderReleased(held, HoldReason.FRAUD_REVIEW, Instant.now(), "op-1"));
        shop.drained(held);
        assertThat(shop.run(orderIds).getInt("progress.taken")).isEqualTo(3);
    }

    @Test
    void thePlatformsRiskAnswerHoldsTheOrderWithItsReason() {
        PrintingShop shop = newShop();
        List<String> orderIds = shop.paidOrders(2);
        String risky = orderIds.get(0);
        PrintingShop.sim().holdForRisk(shop.shopId, new RiskHold(List.of(risky), "收件地址存在风险", false));

        JsonPath run = shop.run(orderIds);

        assertThat(run.getInt("progress.taken")).isEqualTo(1);
        assertThat(run.getInt("progress.failed")).isEqualTo(1);
        given().auth().oauth2(shop.operator()).get("/api/shops/{s}/print-queue/{o}", shop.shopId, risky).then().statusCode(200)
                .body("state", is("WAITING")).body("hold.reason", is("PLATFORM_RISK")).body("hold.detail", is("收件地址存在风险"));
        shop.startRun(Map.of("orderIds", List.of(risky))).then().statusCode(409).body("errors[0].message", containsString("收件地址存在风险"));

        PrintingShop.sim().releaseRiskHolds(shop.shopId);
        given().auth().oauth2(shop.operator()).post("/api/shops/{s}/print-queue/{o}/release-risk", shop.shopId, risky)
                .then().statusCode(200).body("hold", is((Object) null));
        assertThat(shop.run(List.of(risky)).getInt("progress.taken")).isEqualTo(1);
    }

    @Test
    void aCancelGivesTheNumberBackAndADeclaredNumberCannotBeCancelled() {
        PrintingShop shop = newShop();
        List<String> orderIds = shop.paidOrders(2);
        String runId = shop.run(orderIds).getString("runId");
        JsonPath waybills = shop.waybills(runId);
        long first = waybills.getLong("items[0].waybillId");
        long second = waybills.getLong("items[1].waybillId");
        String secondNumber = waybills.getString("items[1].trackingNumber");

        given().auth().oauth2(shop.operator()).contentType(ContentType.JSON).body(Map.of("reason", "买家改地址"))
                .post("/api/shops/{s}/waybills/{w}/cancel", shop.shopId, first).then().statusCode(200).body("state", is("CANCELLED"));
        await().atMost(PrintingShop.WITHIN).until(() -> !shop.events("shipsync.waybill", WaybillCancelled.class).isEmpty());
        assertThat(shop.events("shipsync.waybill", WaybillCancelled.class)).singleElement()
                .satisfies(c -> assertThat(c.orderId()).isEqualTo(orderIds.get(0)))
                .satisfies(c -> assertThat(c.reason()).isEqualTo("买家改地址"));
        assertThat(PrintingShop.sim().ewaybillLog()).filteredOn(c -> shop.shopId.equals(c.shopId()) && c.action().equals("cancel"))
                .hasSize(1);
        given().auth().oauth2(shop.operator()).get("/api/shops/{s}/print-queue/{o}", shop.shopId, orderIds.get(0))
                .then().body("state", is("WAITING"));

        shop.publish(new OrderShipped(orderIds.get(1), List.of(new ShippedPackage("SF", secondNumber,
                List.of(new PackageItem(shop.productId, shop.skuId, 2)))), Instant.now(), true, false));
        shop.drained(orderIds.get(1));
        given().auth().oauth2(shop.operator()).contentType(ContentType.JSON).body(Map.of("reason", "test"))
                .post("/api/shops/{s}/waybills/{w}/cancel", shop.shopId, second).then().statusCode(409)
                .contentType("application/problem+json").body("title", is("Already declared"))
                .body("errors[0].message", containsString(secondNumber + " declared at"));
    }

    @Test
    void anOrderCancelledAfterItsNumberWasTakenGivesTheNumberBack() {
        PrintingShop shop = newShop();
        List<String> orderIds = shop.paidOrders(1);
        String orderId = orderIds.get(0);
        String runId = shop.run(orderIds).getString("runId");
        String number = shop.waybills(runId).getString("items[0].trackingNumber");

        shop.publish(new OrderCancelled(orderId, OrderCancelled.CANCEL_BY_BUYER, true, Instant.now(),
                List.of(new OrderItem(shop.productId, shop.skuId, "CUP-" + shop.skuId, 1, 8900))));

        await().atMost(PrintingShop.WITHIN).until(() -> !shop.events("shipsync.waybill", WaybillCancelled.class).isEmpty());
        assertThat(shop.events("shipsync.waybill", WaybillCancelled.class)).singleElement()
                .satisfies(c -> assertThat(c.trackingNumber()).isEqualTo(number))
                .satisfies(c -> assertThat(c.reason()).isEqualTo("订单已取消"));
        assertThat(PrintingShop.sim().ewaybillLog()).filteredOn(c -> shop.shopId.equals(c.shopId()) && c.action().equals("cancel"))
                .singleElement().satisfies(c -> assertThat(c.waybillId()).isEqualTo(number));
        given().auth().oauth2(shop.operator()).get("/api/shops/{s}/print-queue/{o}", shop.shopId, orderId)
                .then().body("state", is("CANCELLED"));
    }

    @Test
    void aReprintIsMarked补打ToThePlatformAndInWaybillPrinted() {
        PrintingShop shop = newShop();
        List<String> orderIds = shop.paidOrders(1);
        String runId = shop.run(orderIds).getString("runId");
        List<?> tasks = given().auth().oauth2(shop.operator()).get("/api/shops/{s}/print-runs/{r}/print-tasks", shop.shopId, runId)
                .then().statusCode(200).body("[0].curNum", is(1)).body("[0].sumNum", is(1))
                .extract().as(List.class);
        assertThat(tasks).hasSize(1);
        long waybillId = shop.waybills(runId).getLong("items[0].waybillId");
        given().auth().oauth2(shop.operator()).contentType(ContentType.JSON).body(Map.of("waybillIds", List.of(waybillId)))
                .post("/api/shops/{s}/print-runs/{r}/printed", shop.shopId, runId).then().statusCode(200).body("size()", is(1));
        given().auth().oauth2(shop.operator()).post("/api/shops/{s}/waybills/{w}/reprint", shop.shopId, waybillId)
                .then().statusCode(200).body("prints", is(2));

        await().atMost(PrintingShop.WITHIN).until(() -> shop.events("shipsync.waybill", WaybillPrinted.class).size() == 2);
        assertThat(shop.events("shipsync.waybill", WaybillPrinted.class)).extracting(WaybillPrinted::reprint).containsExactly(false, true);
        await().atMost(PrintingShop.WITHIN).until(() -> notices(shop, 0) == 1 && notices(shop, 1) == 1);
    }

    @Test
    void subWaybillsForCarriersThatTakeThemAndARefusalForOthers() {
        PrintingShop shop = newShop();
        List<String> orderIds = shop.paidOrders(2);
        JsonPath run = shop.finished(shop.startRun(Map.of("orderIds", List.of(orderIds.get(0)), "packages", Map.of(orderIds.get(0), 3)))
                .then().statusCode(202).extract().path("runId"));
        assertThat(shop.waybills(run.getString("runId")).getList("items[0].subTrackingNumbers")).hasSize(2);

        shop.startRun(Map.of("orderIds", List.of(orderIds.get(1)), "carrierCode", "ZTO", "packages", Map.of(orderIds.get(1), 2)))
                .then().statusCode(409).body("detail", containsString("子母件"));
    }

    @Test
    void callersSeeOnlyTheirOwnShops() {
        PrintingShop shop = newShop();
        List<String> orderIds = shop.paidOrders(1);
        String runId = shop.run(orderIds).getString("runId");
        long waybillId = shop.waybills(runId).getLong("items[0].waybillId");
        String stranger = TestTokens.admin("shop-someone-else");

        for (String path : List.of("/api/shops/{s}/carriers", "/api/shops/{s}/carrier-accounts", "/api/shops/{s}/print-queue",
                "/api/shops/{s}/print-runs", "/api/shops/{s}/print-runs/" + runId, "/api/shops/{s}/print-runs/" + runId + "/labels.pdf",
                "/api/shops/{s}/print-runs/" + runId + "/print-tasks", "/api/shops/{s}/waybills/" + waybillId)) {
            given().auth().oauth2(stranger).get(path, shop.shopId).then().statusCode(403);
        }
        given().auth().oauth2(stranger).post("/api/shops/{s}/waybills/{w}/reprint", shop.shopId, waybillId).then().statusCode(403);
        given().auth().oauth2(shop.operator()).get("/api/shops/{s}/print-runs", shop.shopId).then().statusCode(200)
                .body("items.runId", hasItem(runId));
    }

    /** Per platform order, the creates that took a number on the platform (precreate ids counted per order). */
    private static Map<String, Long> numbersTaken(PrintingShop shop) {
        return PrintingShop.sim().ewaybillLog().stream()
                .filter(c -> shop.shopId.equals(c.shopId()) && c.action().equals("create") && c.tookNumber())
                .flatMap(c -> c.ecOrderIds().stream())
                .collect(Collectors.groupingBy(o -> o, Collectors.counting()));
    }

    private static long notices(PrintingShop shop, int rePrint) {
        return PrintingShop.sim().ewaybillLog().stream()
                .filter(c -> shop.shopId.equals(c.shopId()) && c.action().equals("print") && c.errcode() == 0
                        && Integer.valueOf(rePrint).equals(c.rePrint()))
                .count();
    }

    private static String barcode(BufferedImage page, int index) {
        int[] pixels = page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(page.getWidth(), page.getHeight(), pixels)));
        try {
            return new MultiFormatReader().decode(bitmap, Map.of(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.CODE_128),
                    DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (NotFoundException e) {
            throw new AssertionError("no Code128 on page " + (index + 1), e);
        }
    }
}
