package io.shipsync.alerting;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.shipsync.alerting.kpi.Kpis;
import io.shipsync.alerting.kpi.Kpis.AbnormalOrders;
import io.shipsync.alerting.kpi.Kpis.AlertFigures;
import io.shipsync.alerting.kpi.Kpis.InventoryAccuracy;
import io.shipsync.alerting.kpi.Kpis.Latency;
import io.shipsync.alerting.kpi.Kpis.RuleAlerts;
import io.shipsync.alerting.kpi.Kpis.ShippedWithin24h;
import io.shipsync.alerting.kpi.Period;
import io.shipsync.alerting.report.WeeklyReports;
import io.shipsync.eventing.http.Problem;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.Rows;
import io.shipsync.infra.testing.TestTokens;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * KPIs and the weekly exception report on a planted week. The read model and the alerts are written straight into
 * their tables (as the projections and rules would have left them), so every time is the test's choice and no rule
 * or timer adds anything: the figures below are computed by hand from these rows.
 *
 * <p>The week W is Monday 2026-03-02 to Sunday 2026-03-08 in Asia/Shanghai (2026-03-01T16:00Z to 2026-03-08T16:00Z);
 * the week before, P, is 2026-02-23 to 2026-03-01. Times are Shanghai wall clock.
 *
 * <pre>
 * order  paid         first declared  cancelled    parcel  printed      acknowledged   first scan
 * O1     03-02 00:30  03-02 01:30     -            T1      03-02 01:00  03-02 01:30:30 03-02 05:30
 * O2     03-02 12:00  03-02 14:00     -            T2      03-02 13:00  03-02 14:01    03-03 16:00
 * O3     03-03 09:00  03-03 12:00     -            T3      03-03 11:00  03-03 12:00:10 03-03 11:30 (before declaring)
 * O4     03-04 08:00  03-05 12:00     -            T4      03-05 11:00  03-05 13:00    -
 * O5     03-05 20:00  03-06 06:00     -            T5      03-06 05:00  -              03-09 08:00 (next week)
 * O6     03-06 10:00  -               -
 * O7     03-08 20:00  -               -            (its 24 h end after W)
 * O8     03-03 10:00  -               03-03 12:00  (cancelled undeclared within 24 h)
 * O9     03-01 22:00  03-02 09:00     -            T9      03-01 23:00  03-02 09:05    03-02 12:00  (paid in P)
 * </pre>
 * O1 is paid on 03-02 in Shanghai but on 03-01 in UTC: a UTC day would put it in P.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class KpiReportTest {

    static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);
    static final double EPSILON = 1e-6;

    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper json;
    @Inject
    WeeklyReports reports;

    /** The planted alerts' ids, A1 to A7. */
    record PlantedAlerts(long a1, long a2, long a3, long a4, long a5, long a6, long a7) {
    }

    @Test
    void weeklyKpisAreTheHandComputedOnes() throws Exception {
        String shop = newShop();
        PlantedAlerts alerts = plant(shop);
        Period week = Period.of(Period.Kind.WEEK, MONDAY);

        // Paid → declared, orders first declared in W: O1 3600, O2 7200, O3 10800, O5 36000, O9 39600, O4 100800 s.
        // percentile_cont over n = 6: p50 at rank 2.5 = (10800 + 36000) / 2 = 23400;
        // p90 at rank 4.5 = 39600 + 0.5 × (100800 − 39600) = 70200.
        Latency paidToDeclared = new Latency(6, 23400.0, 70200.0);
        // Printed → acknowledged, parcels acknowledged in W: T1 1830, T3 3610, T2 3660, T4 7200, T9 36300 (printed in P).
        // n = 5: p50 at rank 2 = 3660; p90 at rank 3.6 = 7200 + 0.6 × (36300 − 7200) = 24660.
        Latency printedToAcknowledged = new Latency(5, 3660.0, 24660.0);
        // Declared → first scan, numbers whose scan came in W: T3 0 (scanned before its declaration), T9 10800,
        // T1 14400, T2 93600 (T5's scan is next week). n = 4: p50 at rank 1.5 = 12600;
        // p90 at rank 2.7 = 14400 + 0.7 × (93600 − 14400) = 69840.
        Latency declaredToFirstScan = new Latency(4, 12600.0, 69840.0);
        // Paid in W: O1–O8. O7 is neither declared nor past its 24 h at W's end, O8 was cancelled undeclared within
        // 24 h: 6 count (O1–O6), of which O1, O2, O3, O5 were declared within 24 h (O4 took 28 h, O6 never): 4 / 6.
        ShippedWithin24h shipped = new ShippedWithin24h(6, 4, 4 / 6.0, 0.98, false);
        // Paid in W: 8 orders. With an alert on the order or a parcel's number: O4 (A1), O2 (A2 on T2), O5 (A7 on T5).
        // O9's alert (A3) is P's order; the stranger's alert on O1's id is another shop's. 3 / 8.
        AbnormalOrders abnormal = new AbnormalOrders(8, 3, 3 / 8.0);
        // ops_skus: sku-a..sku-d; differences in W: sku-a (twice), sku-e (known only from it): 2 of 5 pairs.
        InventoryAccuracy accuracy = new InventoryAccuracy(5, 2, 1 - 2 / 5.0);
        // Raised in W: A1 (ack 1800, resolved 3600), A2 (resolved 7200), A3 (ack 600, resolved 2400), A4 (open),
        // A7 (ack 1800). Acknowledged 3: (1800 + 600 + 1800) / 3 = 1400; resolved 3: (3600 + 7200 + 2400) / 3 = 4400.
        AlertFigures alertFigures = new AlertFigures(5, 3, 3, 1400.0, 4400.0, List.of(
                new RuleAlerts("DRIFT_DETECTED", 1, 1, 1, 1800.0, 3600.0),
                new RuleAlerts("FRAUD_HOLD", 1, 1, 1, 600.0, 2400.0),
                new RuleAlerts("NO_FIRST_SCAN", 1, 0, 1, null, 7200.0),
                new RuleAlerts("STOCK_DISCREPANCY", 1, 0, 0, null, null),
                new RuleAlerts("TRACKING_ANOMALY", 1, 1, 0, 1800.0, null)));
        Kpis expected = new Kpis(shop, week, paidToDeclared, printedToAcknowledged, declaredToFirstScan, shipped, abnormal,
                accuracy, alertFigures);

        // Any day of the week names the week.
        assertThat(kpis(shop, "WEEK", "2026-03-04")).usingRecursiveComparison()
                .withComparatorForType(KpiReportTest::closeTo, Double.class).isEqualTo(expected);
    }

    @Test
    void dailyKpisCountShanghaiDays() throws Exception {
        String shop = newShop();
        plant(shop);

        // 03-02 in Shanghai is 2026-03-01T16:00Z to 2026-03-02T16:00Z. Declared in it: O1 3600, O2 7200, O9 39600:
        // p50 7200; p90 at rank 1.8 = 7200 + 0.8 × (39600 − 7200) = 33120. Paid in it: O1 (00:30, still 03-01 in
        // UTC) and O2, both declared within 24 h; O2 has an alert (A2 on T2). No stock difference that day (4 SKUs).
        // Raised that day: A3 (FRAUD_HOLD, ack 600, resolved 2400).
        Kpis day = kpis(shop, "DAY", "2026-03-02");
        assertThat(day.period()).isEqualTo(new Period(Period.Kind.DAY, MONDAY, MONDAY,
                Instant.parse("2026-03-01T16:00:00Z"), Instant.parse("2026-03-02T16:00:00Z")));
        assertThat(day.paidToDeclared()).usingRecursiveComparison()
                .withComparatorForType(KpiReportTest::closeTo, Double.class).isEqualTo(new Latency(3, 7200.0, 33120.0));
        assertThat(day.shippedWithin24h()).isEqualTo(new ShippedWithin24h(2, 2, 1.0, 0.98, true));
        assertThat(day.abnormalOrders()).isEqualTo(new AbnormalOrders(2, 1, 0.5));
        assertThat(day.inventoryAccuracy()).isEqualTo(new InventoryAccuracy(4, 0, 1.0));
        assertThat(day.alerts()).isEqualTo(new AlertFigures(1, 1, 1, 600.0, 2400.0,
                List.of(new RuleAlerts("FRAUD_HOLD", 1, 1, 1, 600.0, 2400.0))));

        // A day with nothing: counts 0, nothing to take a percentile or ratio of.
        Kpis empty = kpis(shop, "DAY", "2026-01-15");
        assertThat(empty.paidToDeclared()).isEqualTo(new Latency(0, null, null));
        assertThat(empty.shippedWithin24h()).isEqualTo(new ShippedWithin24h(0, 0, null, 0.98, null));
        assertThat(empty.abnormalOrders()).isEqualTo(new AbnormalOrders(0, 0, null));
        assertThat(empty.alerts()).isEqualTo(new AlertFigures(0, 0, 0, null, null, List.of()));
    }

    @Test
    void theWeeklyReportListsTheWeeksAlertsAndComparesItsKpis() throws Exception {
        String shop = newShop();
        PlantedAlerts alerts = plant(shop);

        Response created = given().auth().oauth2(TestTokens.operator(shop)).queryParam("week", "2026-03-05")
                .post("/api/shops/{s}/reports", shop);
        created.then().statusCode(201).body("weekStart", is("2026-03-02")).body("weekEnd", is("2026-03-08"))
                .body("origin", is("REQUEST")).body("generatedBy", is("test-operator")).body("alerts", is(6));
        long id = created.jsonPath().getLong("id");
        assertThat(created.header("Location")).endsWith("/api/shops/" + shop + "/reports/" + id);
        given().auth().oauth2(TestTokens.viewer(shop)).get(created.header("Location"))
                .then().statusCode(200).body("id", is((int) id));
        given().auth().oauth2(TestTokens.viewer(shop)).get("/api/shops/{s}/reports", shop)
                .then().statusCode(200).body("items.id", hasItem((int) id));

        String html = given().auth().oauth2(TestTokens.viewer(shop)).get("/api/shops/{s}/reports/{id}.html", shop, id)
                .then().statusCode(200).contentType(containsString("text/html")).extract().asString();
        assertThat(html).contains("每周异常报告", "2026-03-02 至 2026-03-08", "2026-02-23 至 2026-03-01");
        // Every alert of the week, A6 (raised and resolved in P) excepted; A5 carried over from P.
        for (long alert : List.of(alerts.a1(), alerts.a2(), alerts.a3(), alerts.a4(), alerts.a5(), alerts.a7())) {
            assertThat(html).contains("id=\"alert-" + alert + "\"");
        }
        assertThat(html).doesNotContain("id=\"alert-" + alerts.a6() + "\"");
        assertThat(html).contains("上周遗留", "订单不同步 (DRIFT_DETECTED)", "物流轨迹异常 (TRACKING_ANOMALY)",
                "人工处理", "条件消除（自动）", "指派给：李雷",
                // A7's timeline, times in Shanghai.
                "2026-03-07 09:30:00 确认 · test-operator：已联系快递",
                // Text from events is escaped, never markup.
                "平台库存 5 &lt;&gt; 本地 3");
        // KPIs this week against the week before: W 4/6 shipped within 24 h, P 1/1 (O9).
        assertThat(html).contains("24 小时内发货率", "66.67%（4/6）", "100.00%（1/1）", "下降 33.33 个百分点",
                "异常订单率", "37.50%（3/8）", "库存准确率", "60.00%（2/5 有差异）", "75.00%（1/4 有差异）",
                "付款 → 发货 P50", "6 小时 30 分", "平均解决时长");

        Response csvResponse = given().auth().oauth2(TestTokens.viewer(shop)).get("/api/shops/{s}/reports/{id}.csv", shop, id);
        csvResponse.then().statusCode(200).header("Content-Type", is("text/csv; charset=UTF-8"))
                .header("Content-Disposition", is("attachment; filename=\"shipsync-weekly-" + shop + "-2026-03-02-" + id + ".csv\""));
        byte[] bytes = csvResponse.asByteArray();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String csv = strictUtf8(bytes);
        assertThat(csv).startsWith("\uFEFF指标,").endsWith("\r\n");
        List<List<String>> records = parseCsv(csv.substring(1));
        // 1 KPI header + 21 KPI rows (9 latency, 3 ratios, 3 alert totals, 6 rules raised in W or P) + 1 empty row
        // + 1 alert header + 6 alerts.
        assertThat(records).hasSize(30);
        assertThat(records).allSatisfy(record -> assertThat(record).hasSize(18));
        assertThat(records.get(22)).containsOnly("");
        assertThat(records.get(23).get(0)).isEqualTo("告警编号");
        assertThat(records.subList(24, 30)).extracting(r -> Long.parseLong(r.get(0)))
                .containsExactly(alerts.a5(), alerts.a3(), alerts.a4(), alerts.a2(), alerts.a1(), alerts.a7());
        List<String> a7 = records.get(29);
        assertThat(a7.get(1)).isEqualTo("物流轨迹异常 (TRACKING_ANOMALY)");
        assertThat(a7.get(16)).isEqualTo(A7_SUMMARY);
        assertThat(a7.get(12)).isEqualTo("李雷");
        assertThat(a7.get(17)).isEqualTo("2026-03-07 09:00:00 告警 · system：" + A7_SUMMARY + "\n"
                + "2026-03-07 09:30:00 确认 · test-operator：已联系快递\n"
                + "2026-03-07 09:31:00 指派 · test-admin：李雷");
        // Nothing opens as a formula: text from outside gets a leading apostrophe, changes are said in words.
        assertThat(records.stream().flatMap(List::stream))
                .noneMatch(f -> f.startsWith("=") || f.startsWith("+") || f.startsWith("-") || f.startsWith("@"));
        assertThat(records.get(28).get(16)).isEqualTo("'" + A1_SUMMARY);
        assertThat(records.stream().filter(r -> r.get(0).equals("24 小时内发货率（目标 ≥ 98.00%）")).findFirst().orElseThrow())
                .startsWith("24 小时内发货率（目标 ≥ 98.00%）", "66.67%（4/6）", "100.00%（1/1）", "下降 33.33 个百分点");
    }

    @Test
    void theScheduleReportsLastWeekOncePerShop() {
        String shop = newShop();
        plant(shop);
        // Monday 03-09 03:30 in Shanghai: the week before is W.
        Instant mondayNight = LocalDateTime.parse("2026-03-09T03:30").atZone(Period.ZONE).toInstant();
        assertThat(reports.generateWeekBefore(mondayNight)).isPositive();
        assertThat(reports.generateWeekBefore(mondayNight)).isZero();
        given().auth().oauth2(TestTokens.viewer(shop)).get("/api/shops/{s}/reports", shop)
                .then().statusCode(200).body("total", is(1)).body("items[0].origin", is("SCHEDULE"))
                .body("items[0].generatedBy", is("system")).body("items[0].weekStart", is("2026-03-02"))
                .body("items[0].alerts", is(6));
    }

    @Test
    void anotherShopsTokenIsRefused() {
        String shop = newShop();
        String stranger = newShop();
        long id = given().auth().oauth2(TestTokens.operator(shop)).queryParam("week", "2026-03-02")
                .post("/api/shops/{s}/reports", shop).then().statusCode(201).extract().jsonPath().getLong("id");
        String strangersToken = TestTokens.admin(stranger);

        given().auth().oauth2(strangersToken).queryParam("period", "WEEK").queryParam("date", "2026-03-02")
                .get("/api/shops/{s}/kpis", shop).then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(strangersToken).get("/api/shops/{s}/reports", shop).then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(strangersToken).get("/api/shops/{s}/reports/{id}.html", shop, id).then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(strangersToken).get("/api/shops/{s}/reports/{id}.csv", shop, id).then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(strangersToken).queryParam("week", "2026-03-02").post("/api/shops/{s}/reports", shop)
                .then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        // Through its own shop's path, another shop's report is not found.
        given().auth().oauth2(strangersToken).get("/api/shops/{s}/reports/{id}.csv", stranger, id).then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(strangersToken).get("/api/shops/{s}/reports/{id}", stranger, id).then().statusCode(404);
        // Viewers read; generating is for operators and admins.
        given().auth().oauth2(TestTokens.viewer(shop)).queryParam("week", "2026-03-02").post("/api/shops/{s}/reports", shop)
                .then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        given().queryParam("period", "DAY").get("/api/shops/{s}/kpis", shop).then().statusCode(401);
    }

    @Test
    void badPeriodsAndDatesAreRefused() {
        String shop = newShop();
        String viewer = TestTokens.viewer(shop);
        for (String[] query : List.of(new String[] {"MONTH", "2026-03-02"}, new String[] {"WEEK", "2026-13-01"},
                new String[] {"DAY", "02/03/2026"}, new String[] {"DAY", "2026-02-30"}, new String[] {"DAY", "1999-12-31"},
                new String[] {"YEAR", ""})) {
            Response refused = given().auth().oauth2(viewer).queryParam("period", query[0]).queryParam("date", query[1])
                    .get("/api/shops/{s}/kpis", shop);
            assertThat(refused.statusCode()).as("period=%s&date=%s", query[0], query[1]).isEqualTo(400);
            refused.then().contentType(Problem.MEDIA_TYPE).body("status", is(400))
                    .body("detail", containsString(query[0].equals("DAY") || query[0].equals("WEEK") ? "date" : "period"));
        }
        given().auth().oauth2(TestTokens.operator(shop)).queryParam("week", "next monday")
                .post("/api/shops/{s}/reports", shop).then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("week"));
        given().auth().oauth2(TestTokens.operator(shop)).post("/api/shops/{s}/reports", shop)
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(viewer).get("/api/shops/{s}/reports/{id}.html", shop, 987_654_321L)
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        // Lower case is fine; the date defaults to today, the period to a day.
        given().auth().oauth2(viewer).queryParam("period", "week").get("/api/shops/{s}/kpis", shop)
                .then().statusCode(200).body("period.kind", is("WEEK"));
        given().auth().oauth2(viewer).queryParam("period", "").queryParam("date", "2026-03-02").get("/api/shops/{s}/kpis", shop)
                .then().statusCode(200).body("period.kind", is("DAY")).body("period.firstDay", is("2026-03-02"));
    }

    // ---- the planted week ----

    /** Text Excel would run as a formula if a cell started with it. */
    static final String A1_SUMMARY = "=HYPERLINK(\"http://example.com\")";
    static final String A7_SUMMARY = "运单 SF-T5 轨迹异常: \"派件异常\", 收件人拒签\n第二行";

    private PlantedAlerts plant(String shop) {
        order(shop, "O1", "03-02 00:30", "03-02 01:30", null);
        order(shop, "O2", "03-02 12:00", "03-02 14:00", null);
        order(shop, "O3", "03-03 09:00", "03-03 12:00", null);
        order(shop, "O4", "03-04 08:00", "03-05 12:00", null);
        order(shop, "O5", "03-05 20:00", "03-06 06:00", null);
        order(shop, "O6", "03-06 10:00", null, null);
        order(shop, "O7", "03-08 20:00", null, null);
        order(shop, "O8", "03-03 10:00", null, "03-03 12:00");
        order(shop, "O9", "03-01 22:00", "03-02 09:00", null);
        parcel(shop, "O1", "T1", "03-02 01:00", "03-02 01:30", "03-02 01:30:30", "03-02 05:30");
        parcel(shop, "O2", "T2", "03-02 13:00", "03-02 14:00", "03-02 14:01", "03-03 16:00");
        parcel(shop, "O3", "T3", "03-03 11:00", "03-03 12:00", "03-03 12:00:10", "03-03 11:30");
        parcel(shop, "O4", "T4", "03-05 11:00", "03-05 12:00", "03-05 13:00", null);
        parcel(shop, "O5", "T5", "03-06 05:00", "03-06 06:00", null, "03-09 08:00");
        parcel(shop, "O9", "T9", "03-01 23:00", "03-02 09:00", "03-02 09:05", "03-02 12:00");
        for (String sku : List.of("sku-a", "sku-b", "sku-c", "sku-d")) {
            Rows.update(dataSource, "INSERT INTO ops_skus (shop_id, sku_id, warehouse_id, product_id) VALUES (?, ?, 'default', 'p-1')",
                    shop, sku);
        }
        discrepancy(shop, "sku-a", "03-03 10:00");
        discrepancy(shop, "sku-a", "03-04 10:00");
        discrepancy(shop, "sku-e", "03-05 10:00");
        discrepancy(shop, "sku-b", "02-25 10:00");

        long a1 = alert(shop, "DRIFT_DETECTED", "ORDER", id(shop, "O4"), A1_SUMMARY, "03-05 12:10",
                new String[] {"ACKNOWLEDGED", "test-operator", "核对中", "03-05 12:40"},
                new String[] {"RESOLVED", "test-operator", "已更正", "03-05 13:10"});
        long a2 = alert(shop, "NO_FIRST_SCAN", "TRACKING_NUMBER", id(shop, "T2"), "运单未揽收", "03-03 14:00",
                new String[] {"RESOLVED", "system", "首次揽收", "03-03 16:00"});
        long a3 = alert(shop, "FRAUD_HOLD", "ORDER", id(shop, "O9"), "风控审核", "03-02 08:00",
                new String[] {"ACKNOWLEDGED", "test-operator", null, "03-02 08:10"},
                new String[] {"RESOLVED", "system", "审核通过", "03-02 08:40"});
        long a4 = alert(shop, "STOCK_DISCREPANCY", "SKU", "sku-a@default", "平台库存 5 <> 本地 3", "03-03 10:00");
        long a5 = alert(shop, "STOCK_LOW", "SKU", "sku-b@default", "库存低于预警线", "02-27 10:00",
                new String[] {"ACKNOWLEDGED", "test-operator", null, "02-27 11:00"},
                new String[] {"RESOLVED", "system", "补货", "03-03 10:00"});
        long a6 = alert(shop, "FRAUD_HOLD", "ORDER", "P-ONLY", "风控审核", "02-24 10:00",
                new String[] {"RESOLVED", "system", "审核通过", "02-24 10:30"});
        long a7 = alert(shop, "TRACKING_ANOMALY", "TRACKING_NUMBER", id(shop, "T5"), A7_SUMMARY, "03-07 09:00",
                new String[] {"ACKNOWLEDGED", "test-operator", "已联系快递", "03-07 09:30"},
                new String[] {"ASSIGNED", "test-admin", "李雷", "03-07 09:31"});
        // Another shop's alert on the same order id, and its own order paid in W: neither counts for this shop.
        String stranger = newShop();
        Rows.update(dataSource, "INSERT INTO ops_orders (shop_id, order_id, paid_at) VALUES (?, ?, ?)", stranger,
                id(shop, "O1"), at("03-04 10:00"));
        alert(stranger, "FRAUD_HOLD", "ORDER", id(shop, "O1"), "风控审核", "03-04 10:00");
        return new PlantedAlerts(a1, a2, a3, a4, a5, a6, a7);
    }

    private void order(String shop, String order, String paid, String declared, String cancelled) {
        Rows.update(dataSource, """
                INSERT INTO ops_orders (shop_id, order_id, paid_at, first_declared_at, fully_declared, cancelled_at)
                VALUES (?, ?, ?, ?, ?, ?)""", shop, id(shop, order), at(paid), at(declared), declared != null, at(cancelled));
    }

    private void parcel(String shop, String order, String number, String printed, String declared, String acknowledged,
                        String firstScan) {
        Rows.update(dataSource, """
                INSERT INTO ops_parcels (shop_id, order_id, tracking_number, carrier_code, printed_at, declared_at, acknowledged_at)
                VALUES (?, ?, ?, 'SF', ?, ?, ?)""", shop, id(shop, order), id(shop, number), at(printed), at(declared),
                at(acknowledged));
        if (firstScan != null) {
            Rows.update(dataSource, """
                    INSERT INTO ops_tracking (shop_id, tracking_number, carrier_code, order_id, state, carrier_state,
                                              first_scan_at, last_checkpoint_at, description)
                    VALUES (?, ?, 'SF', ?, 'IN_TRANSIT', '0', ?, ?, '已揽收')""", shop, id(shop, number), id(shop, order),
                    at(firstScan), at(firstScan));
        }
    }

    private void discrepancy(String shop, String sku, String detected) {
        Rows.update(dataSource, """
                INSERT INTO ops_stock_discrepancies (shop_id, sku_id, warehouse_id, detected_at, platform_stock, expected_stock)
                VALUES (?, ?, 'default', ?, 5, 3)""", shop, sku, at(detected));
    }

    /** An alert raised at {@code raised} and its actions (kind, actor, note, time); its columns follow from them. */
    private long alert(String shop, String rule, String subjectType, String subjectId, String summary, String raised,
                       String[]... actions) {
        OffsetDateTime acknowledged = null;
        OffsetDateTime resolved = null;
        String acknowledgedBy = null;
        String assignee = null;
        String resolvedBy = null;
        String resolution = null;
        for (String[] action : actions) {
            switch (action[0]) {
                case "ACKNOWLEDGED" -> {
                    acknowledged = at(action[3]);
                    acknowledgedBy = action[1];
                }
                case "ASSIGNED" -> assignee = action[2];
                case "RESOLVED" -> {
                    resolved = at(action[3]);
                    resolution = action[1].equals("system") ? "CONDITION_CLEARED" : "OPERATOR";
                    resolvedBy = action[1].equals("system") ? null : action[1];
                }
                default -> throw new IllegalArgumentException(action[0]);
            }
        }
        long id = Rows.count(dataSource, """
                        INSERT INTO alerts (shop_id, rule, subject_type, subject_id, severity, state, summary, repeats,
                                            raised_at, last_seen_at, acknowledged_at, acknowledged_by, assignee, resolved_at,
                                            resolution, resolved_by)
                        VALUES (?, ?, ?, ?, 'WARNING', ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                shop, rule, subjectType, subjectId, resolved != null ? "RESOLVED" : acknowledged != null ? "ACKNOWLEDGED" : "OPEN",
                summary, at(raised), at(raised), acknowledged, acknowledgedBy, assignee, resolved, resolution, resolvedBy);
        action(id, "RAISED", "system", summary, at(raised));
        for (String[] action : actions) {
            action(id, action[0], action[1], action[2], at(action[3]));
        }
        return id;
    }

    private void action(long alertId, String kind, String actor, String note, OffsetDateTime at) {
        Rows.update(dataSource, "INSERT INTO alert_actions (alert_id, action, actor, note, event_id, at) VALUES (?, ?, ?, ?, ?, ?)",
                alertId, kind, actor, note, kind.equals("RAISED") ? UUID.randomUUID() : null, at);
    }

    /** "03-02 00:30" (2026, Shanghai wall clock) as the driver takes a timestamptz; null for null. */
    private static OffsetDateTime at(String shanghai) {
        if (shanghai == null) {
            return null;
        }
        String time = shanghai.length() == "03-02 00:30".length() ? shanghai + ":00" : shanghai;
        Instant instant = LocalDateTime.parse("2026-" + time.replace(' ', 'T')).atZone(Period.ZONE).toInstant();
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Ids of the planted orders and numbers are the shop's own, so no test sees another's. */
    private static String id(String shop, String name) {
        return shop + "-" + name;
    }

    private static String newShop() {
        return "shop-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Kpis kpis(String shop, String period, String date) throws Exception {
        String body = given().auth().oauth2(TestTokens.viewer(shop)).queryParam("period", period).queryParam("date", date)
                .get("/api/shops/{s}/kpis", shop).then().statusCode(200).extract().asString();
        return json.readValue(body, Kpis.class);
    }

    private static int closeTo(Double a, Double b) {
        if (a == null || b == null) {
            return a == b ? 0 : a == null ? -1 : 1;
        }
        return Math.abs(a - b) < EPSILON ? 0 : Double.compare(a, b);
    }

    /** Decodes refusing anything that is not UTF-8 (a replacement character would hide a wrong encoding). */
    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    /**
     * RFC 4180: records end with CRLF; a field in quotes may hold commas, CR, LF and doubled quotes; outside quotes a
     * quote is an error, and so is a bare LF between records.
     */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        boolean quoted = false;
        boolean fieldStart = true;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"') {
                if (!fieldStart) {
                    throw new IllegalArgumentException("quote inside an unquoted field at " + i);
                }
                quoted = true;
                fieldStart = false;
                i++;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                i++;
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                fieldStart = true;
                i += 2;
            } else if (c == '\n' || c == '\r') {
                throw new IllegalArgumentException("bare line break outside quotes at " + i);
            } else {
                field.append(c);
                fieldStart = false;
                i++;
            }
        }
        if (quoted || !record.isEmpty() || field.length() > 0) {
            throw new IllegalArgumentException("the last record does not end with CRLF");
        }
        return records;
    }
}
