package io.shipsync.logistics;

import static io.shipsync.logistics.TrackingHistoryTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.shipsync.events.TrackingAnomalyKind;
import io.shipsync.events.TrackingCheckpoint;
import io.shipsync.events.TrackingState;
import io.shipsync.logistics.FeedQuality.Finding;
import io.shipsync.trackingfeed.FeedEntry;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Findings about a tracking push: 乱码, repeats, impossible sequences, wrong routes; each reported once. */
class FeedQualityTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Instant RECEIVED = at("2026-11-23T12:00");

    /** Texts as carriers really write them, which must raise nothing. */
    private static final List<String> CLEAN_TEXTS = List.of(
            "【深圳市】顺丰速运 已收取快件",
            "快件已到达 杭州转运中心",
            "【代收点】您的快件已放在菜鸟驿站（深圳南山科技园店），请凭取件码 6-2-3011 及时取件。如有疑问请联系 0755-8888****",
            "已签收，签收人是本人",
            "【深圳市】快件已被 本人 签收，感谢使用中通快递，期待再次为您服务！",
            "快件离开 【深圳转运中心】 已发往 【杭州转运中心】",
            "【杭州市】快递员 王师傅（138****1234）正在为您派件，请保持电话畅通",
            "Shipment picked up",
            "Your shipment has been delivered. Signed by: recipient",
            "The shipment has arrived at Shenzhen Bao'an Transit Center",
            "【广州市】您的快件已到达【广州白云区石井营业部】",
            "您的快件已投递到【丰巢智能柜】，取件码 88888888，请及时取件",
            "包裹已揽收，揽收网点：深圳南山区科技园营业部",
            "运输中，快件正在发往 上海浦东转运中心",
            "快件已在 【北京朝阳区望京营业部】 签收, 签收人: 门卫, 如有疑问请电联: 010-6478****",
            "【成都市】快件到达 【成都双流分拨中心】",
            "您的包裹已出库",
            "商家已发货，等待快递员揽收",
            "已下单，待揽收",
            "派件异常：收件人电话无人接听，将再次派送",
            "收件人拒收，快件退回中",
            "退回件已签收",
            "快件已由【速递易北京朝阳区望京西园3号柜】代收，请及时取件",
            "【上海市】【上海青浦区徐泾营业部】的派件员【李四】正在派件，电话：139****5678",
            "顺丰速运 已收取快件 (SF1234567890123)",
            "快件到达 【武汉转运中心】 (湖北省武汉市)",
            "Departed Facility in GUANGZHOU - CHINA MAINLAND",
            "清关中，海关查验",
            "您的快件已签收，如有疑问请联系派件员 ，电话 15800001111",
            "【重庆市】已离开 重庆转运中心；发往 成都转运中心",
            "快件在【乌鲁木齐转运中心】已装车，准备发往下一站",
            "快件已到达\u3000东莞集散中心",
            "冷链运输中，温度 2~8°C",
            "【延边朝鲜族自治州】快件已签收，签收人：前台（代签）",
            "您的快件因天气原因延误，预计晚 1-2 天送达，敬请谅解",
            "快件已发车\n预计明日到达",
            "快件已到达\t深圳宝安集散中心",
            "[Shenzhen] SF Express has picked up the shipment",
            "京东快递 您的订单已由本人签收。感谢您在京东购物，欢迎再次光临。",
            "【韵达快递】您的快件已被【妈妈驿站】代收，取件码：A-12-0345",
            "Delivered to Société Générale, reçu par l'accueil",
            "Zustellung erfolgt: Müller, Größe M");

    private static FeedEntry entry(String shanghaiLocal, String text, String rawState, TrackingState state,
                                   String city) {
        return new FeedEntry(at(shanghaiLocal), text, rawState, state, null, null, city);
    }

    private static final FeedEntry PICKED_UP =
            entry("2026-11-20T18:12", "【深圳市】顺丰速运 已收取快件", "103", TrackingState.PICKED_UP, "深圳市");
    private static final FeedEntry ARRIVED =
            entry("2026-11-21T14:05", "快件已到达 杭州转运中心", "0", TrackingState.IN_TRANSIT, "杭州市");
    private static final FeedEntry OUT =
            entry("2026-11-22T08:30", "【杭州市】快递员 王师傅（138****1234）正在为您派件", "5",
                    TrackingState.OUT_FOR_DELIVERY, "杭州市");
    private static final FeedEntry DELIVERED =
            entry("2026-11-22T11:02", "已签收，签收人是本人", "3", TrackingState.DELIVERED, "杭州市");

    private static List<FeedEntry> newestFirst(FeedEntry... entries) {
        List<FeedEntry> push = new ArrayList<>(List.of(entries));
        Collections.reverse(push);
        return push;
    }

    private static List<Finding> inspect(List<TrackingCheckpoint> stored, List<FeedEntry> pushed, String destination) {
        return FeedQuality.inspect(pushed, TrackingHistory.merge(stored, pushed), destination, RECEIVED);
    }

    private static List<TrackingCheckpoint> held(FeedEntry... entries) {
        return TrackingHistory.merge(List.of(), List.of(entries)).history();
    }

    // ---- GARBLED_TEXT -------------------------------------------------------------------------------------------

    @Test
    void cleanCarrierTextsAreNotGarbled() {
        assertThat(CLEAN_TEXTS).hasSizeGreaterThanOrEqualTo(30);
        for (String text : CLEAN_TEXTS) {
            assertThat(FeedQuality.garbling(text)).as(text).isEmpty();
        }
    }

    @Test
    void aCleanPushRaisesNothing() {
        List<FeedEntry> push = new ArrayList<>();
        Instant when = at("2026-11-20T09:00");
        for (String text : CLEAN_TEXTS) {
            when = when.plusSeconds(600);
            push.add(new FeedEntry(when, text, "0", TrackingState.IN_TRANSIT, null, null, null));
        }
        Collections.reverse(push);

        assertThat(inspect(List.of(), push, "杭州市")).isEmpty();
    }

    @Test
    void utf8ReadAsGbkIsGarbledAndTheFindingQuotesWhatWasMeant() {
        String whole = new String("发货".getBytes(StandardCharsets.UTF_8), GBK);
        String cut = new String("快件已到达杭州转运中心".getBytes(StandardCharsets.UTF_8), GBK);

        assertThat(whole).isEqualTo("鍙戣揣");
        assertThat(FeedQuality.garbling(whole)).hasValueSatisfying(finding -> assertThat(finding)
                .contains("UTF-8 read as GBK").contains("「发货」"));
        // 33 bytes: GBK leaves the last one unpaired, and the rest still reads.
        assertThat(FeedQuality.garbling(cut)).hasValueSatisfying(finding -> assertThat(finding)
                .contains("UTF-8 read as GBK, with bytes lost").contains("「快件已到达杭州转运中\uFFFD」"));
        for (String text : List.of("已签收，签收人是本人", "【深圳市】顺丰速运已收取快件", "快件已到达 杭州转运中心")) {
            String garbled = new String(text.getBytes(StandardCharsets.UTF_8), GBK);
            assertThat(FeedQuality.garbling(garbled)).as(garbled)
                    .hasValueSatisfying(finding -> assertThat(finding).contains("UTF-8 read as GBK"));
        }
    }

    @Test
    void utf8ReadAsLatinIsGarbledAndUndone() {
        String text = "已签收，签收人是本人";
        String latin1 = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String cp1252 = new String("快件已到达".getBytes(StandardCharsets.UTF_8), WINDOWS_1252);

        assertThat(FeedQuality.garbling(latin1)).hasValueSatisfying(finding -> assertThat(finding)
                .contains("read as ISO-8859-1").contains("「" + text + "」").doesNotContain("\u0080"));
        assertThat(FeedQuality.garbling(cp1252)).isPresent();
    }

    @Test
    void gbkReadAsLatinIsGarbledAndUndone() {
        String garbled = new String("已签收".getBytes(GBK), StandardCharsets.ISO_8859_1);

        assertThat(garbled).isEqualTo("ÒÑÇ©ÊÕ");
        assertThat(FeedQuality.garbling(garbled)).hasValueSatisfying(finding -> assertThat(finding)
                .contains("GBK read as ISO-8859-1").contains("「已签收」"));
    }

    @Test
    void gbkReadAsUtf8LeavesReplacementCharacters() {
        String garbled = new String("您的快件已签收".getBytes(GBK), StandardCharsets.UTF_8);

        assertThat(FeedQuality.garbling(garbled)).hasValueSatisfying(finding -> assertThat(finding).contains("U+FFFD"));
    }

    @Test
    void atLeastTenGarbledTextsAreAllCaught() {
        List<String> garbled = List.of(
                new String("发货".getBytes(StandardCharsets.UTF_8), GBK),
                new String("快件已到达 杭州转运中心".getBytes(StandardCharsets.UTF_8), GBK),
                new String("已签收，签收人是本人".getBytes(StandardCharsets.UTF_8), GBK),
                new String("【代收点】您的快件已放在菜鸟驿站".getBytes(StandardCharsets.UTF_8), GBK),
                new String("派件中".getBytes(StandardCharsets.UTF_8), GBK),
                new String("已签收，签收人是本人".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1),
                new String("快件离开 深圳转运中心".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1),
                new String("快件已到达".getBytes(StandardCharsets.UTF_8), WINDOWS_1252),
                new String("顺丰速运 已收取快件".getBytes(StandardCharsets.UTF_8), WINDOWS_1252),
                new String("您的快件已签收".getBytes(GBK), StandardCharsets.UTF_8),
                new String("【深圳市】快件已到达".getBytes(GBK), StandardCharsets.UTF_8),
                new String("快件已到达 杭州转运中心".getBytes(GBK), StandardCharsets.ISO_8859_1),
                "快件已到达\u0000杭州转运中心",
                "已签收\u001B[0m",
                "快件已到达 \uFFFD\uFFFD转运中心");

        for (String text : garbled) {
            assertThat(FeedQuality.garbling(text)).as(text).isPresent();
        }
    }

    @Test
    void controlCharactersAreGarbledButLineBreaksAndTabsAreNot() {
        assertThat(FeedQuality.garbling("快件已到达\u0007杭州")).hasValueSatisfying(finding -> assertThat(finding)
                .contains("U+0007").contains("<U+0007>").doesNotContain("\u0007"));
        assertThat(FeedQuality.garbling("快件已到达\r\n杭州\t转运中心")).isEmpty();
    }

    @Test
    void aGarbledEntryIsReportedByThePushThatBringsItOnly() {
        FeedEntry garbled = entry("2026-11-21T14:05", new String("快件已到达杭州转运中心".getBytes(StandardCharsets.UTF_8),
                GBK), "0", TrackingState.IN_TRANSIT, "杭州市");

        List<Finding> first = inspect(List.of(), newestFirst(PICKED_UP, garbled), null);
        List<Finding> later = inspect(held(PICKED_UP, garbled), newestFirst(PICKED_UP, garbled, OUT), null);

        assertThat(first).extracting(Finding::kind).containsExactly(TrackingAnomalyKind.GARBLED_TEXT);
        assertThat(first.get(0).checkpointAt()).isEqualTo(garbled.at());
        assertThat(first.get(0).finding()).contains("快件已到达杭州转运中");
        assertThat(later).isEmpty();
    }

    // ---- REPEATED_ENTRY -----------------------------------------------------------------------------------------

    @Test
    void aNewEntryRepeatedInAPushIsOneFinding() {
        FeedEntry respaced = entry("2026-11-21T14:05", " 快件已到达\u3000杭州转运中心", "1001", TrackingState.IN_TRANSIT,
                "杭州市");

        List<Finding> findings = inspect(List.of(), List.of(ARRIVED, PICKED_UP, respaced, ARRIVED), null);

        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).kind()).isEqualTo(TrackingAnomalyKind.REPEATED_ENTRY);
        assertThat(findings.get(0).finding()).contains("3 times").contains("快件已到达 杭州转运中心");
        assertThat(findings.get(0).checkpointAt()).isEqualTo(ARRIVED.at());
    }

    @Test
    void aRepeatOfAnEntryAlreadyHeldIsNotReported() {
        assertThat(inspect(held(PICKED_UP, ARRIVED), List.of(OUT, ARRIVED, ARRIVED, PICKED_UP), null)).isEmpty();
    }

    @Test
    void distinctEntriesAreNotRepeats() {
        assertThat(inspect(List.of(), newestFirst(PICKED_UP, ARRIVED, OUT, DELIVERED), "杭州市")).isEmpty();
    }

    // ---- IMPOSSIBLE_SEQUENCE ------------------------------------------------------------------------------------

    @Test
    void aDeliveryBeforeThePickupIsImpossible() {
        FeedEntry lateCollection = entry("2026-11-22T12:00", "【深圳市】顺丰速运 已收取快件", "103", TrackingState.PICKED_UP,
                "深圳市");

        List<Finding> findings = inspect(List.of(), newestFirst(ARRIVED, OUT, DELIVERED, lateCollection), "杭州市");

        assertThat(findings).extracting(Finding::kind).containsOnly(TrackingAnomalyKind.IMPOSSIBLE_SEQUENCE);
        assertThat(findings).extracting(Finding::checkpointAt).containsExactly(OUT.at(), DELIVERED.at());
        assertThat(findings.get(1).finding()).contains("delivered").contains("first pickup");
    }

    @Test
    void aNewPickupAfterAHeldDeliveryIsReportedAgainstTheDelivery() {
        FeedEntry lateCollection = entry("2026-11-22T12:00", "顺丰速运 已收取快件", "103", TrackingState.PICKED_UP,
                "深圳市");

        List<Finding> findings = inspect(held(DELIVERED), List.of(lateCollection, DELIVERED), null);

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(TrackingAnomalyKind.IMPOSSIBLE_SEQUENCE);
            assertThat(finding.checkpointAt()).isEqualTo(DELIVERED.at());
        });
    }

    @Test
    void anImpossibleOrderAlreadyHeldIsNotReportedAgain() {
        FeedEntry lateCollection = entry("2026-11-22T12:00", "顺丰速运 已收取快件", "103", TrackingState.PICKED_UP,
                "深圳市");
        FeedEntry afterwards = entry("2026-11-22T13:00", "快件已到达 深圳转运中心", "0", TrackingState.IN_TRANSIT, "深圳市");

        assertThat(inspect(held(DELIVERED, lateCollection), newestFirst(DELIVERED, lateCollection, afterwards), null))
                .isEmpty();
    }

    @Test
    void transitScansBeforeThePickupAreLeftAlone() {
        FeedEntry earlyTransit = entry("2026-11-20T18:11", "快件离开 深圳南山营业部", "1002", TrackingState.IN_TRANSIT,
                "深圳市");

        assertThat(inspect(List.of(), newestFirst(earlyTransit, PICKED_UP, ARRIVED), null)).isEmpty();
    }

    @Test
    void anEntryDatedInTheFutureIsImpossible() {
        FeedEntry future = new FeedEntry(RECEIVED.plusSeconds(11 * 60), "快件已到达 杭州转运中心", "0",
                TrackingState.IN_TRANSIT, null, null, "杭州市");
        FeedEntry slightlyAhead = new FeedEntry(RECEIVED.plusSeconds(9 * 60), "快件离开 杭州转运中心", "0",
                TrackingState.IN_TRANSIT, null, null, "杭州市");

        List<Finding> findings = inspect(List.of(), List.of(future, slightlyAhead, PICKED_UP), null);

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(TrackingAnomalyKind.IMPOSSIBLE_SEQUENCE);
            assertThat(finding.checkpointAt()).isEqualTo(future.at());
            assertThat(finding.finding()).contains("after the push was received");
        });
    }

    // ---- WRONG_ROUTE --------------------------------------------------------------------------------------------

    @Test
    void aDeliveryInAnotherCityIsAWrongRoute() {
        FeedEntry guangzhou = entry("2026-11-22T11:02", "已签收，签收人是本人", "3", TrackingState.DELIVERED, "广州市");

        List<Finding> findings = inspect(List.of(), newestFirst(PICKED_UP, ARRIVED, guangzhou), "深圳市");

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(TrackingAnomalyKind.WRONG_ROUTE);
            assertThat(finding.finding()).contains("广州市").contains("深圳市");
            assertThat(finding.checkpointAt()).isEqualTo(guangzhou.at());
        });
    }

    @Test
    void cityNamesCompareWithoutTheirSuffix() {
        assertThat(inspect(List.of(), newestFirst(PICKED_UP, OUT, DELIVERED), "杭州")).isEmpty();
        assertThat(FeedQuality.sameCity("深圳", "深圳市")).isTrue();
        assertThat(FeedQuality.sameCity("北京市", "北京")).isTrue();
        assertThat(FeedQuality.sameCity("广东省深圳市", "深圳")).isTrue();
        assertThat(FeedQuality.sameCity("大兴安岭地区", "大兴安岭")).isTrue();
        assertThat(FeedQuality.sameCity("延边朝鲜族自治州", "延边")).isTrue();
        assertThat(FeedQuality.sameCity("深圳市", "广州市")).isFalse();
    }

    @Test
    void arrivingInTheDeliveryCityCountsToo() {
        FeedEntry arrivedShanghai = entry("2026-11-21T14:05", "快件已到达 上海浦东派件营业部", "1001",
                TrackingState.IN_TRANSIT, "上海市");

        assertThat(inspect(List.of(), newestFirst(PICKED_UP, arrivedShanghai), "深圳市"))
                .extracting(Finding::kind).containsExactly(TrackingAnomalyKind.WRONG_ROUTE);
    }

    @Test
    void transitThroughOtherCitiesIsNoWrongRoute() {
        assertThat(inspect(List.of(), newestFirst(PICKED_UP, ARRIVED), "深圳市")).isEmpty();
    }

    @Test
    void theCityComesFromTheAreaOrALeadingBracketWhenTheFeedGivesNone() {
        FeedEntry byArea = new FeedEntry(at("2026-11-22T08:30"), "快递员正在为您派件", "5",
                TrackingState.OUT_FOR_DELIVERY, null, "广东省,广州市,天河区", null);
        FeedEntry byText = new FeedEntry(at("2026-11-22T11:02"), "【广州市】快件已被 本人 签收", "3",
                TrackingState.DELIVERED, null, null, null);
        FeedEntry unknown = new FeedEntry(at("2026-11-22T09:30"), "【代收点】您的快件已放在菜鸟驿站", "501",
                TrackingState.AT_PICKUP_POINT, null, null, null);

        List<Finding> findings = inspect(List.of(), newestFirst(PICKED_UP, byArea, unknown, byText), "深圳市");

        assertThat(findings).extracting(Finding::checkpointAt).containsExactly(byArea.at(), byText.at());
        assertThat(findings).extracting(Finding::kind).containsOnly(TrackingAnomalyKind.WRONG_ROUTE);
        assertThat(FeedQuality.cityIn("北京,北京市,朝阳区")).isEqualTo("北京市");
        assertThat(FeedQuality.cityIn("山东,济南市,市中区")).isEqualTo("济南市");
        assertThat(FeedQuality.cityIn("浙江省杭州市西湖区")).isEqualTo("杭州市");
    }

    @Test
    void withoutADestinationTheRouteIsNotChecked() {
        FeedEntry guangzhou = entry("2026-11-22T11:02", "已签收，签收人是本人", "3", TrackingState.DELIVERED, "广州市");

        assertThat(inspect(List.of(), newestFirst(PICKED_UP, guangzhou), null)).isEmpty();
        assertThat(inspect(List.of(), newestFirst(PICKED_UP, guangzhou), " ")).isEmpty();
    }

    @Test
    void aReturnToTheSenderIsNoWrongRoute() {
        FeedEntry refused = entry("2026-11-22T09:00", "收件人拒收，快件退回中", "4", TrackingState.RETURNING, "杭州市");
        FeedEntry backOut = entry("2026-11-24T09:00", "【深圳市】快递员正在派件（退回件）", "5",
                TrackingState.OUT_FOR_DELIVERY, "深圳市");
        FeedEntry returned = entry("2026-11-24T11:00", "退回件已签收", "401", TrackingState.RETURNED, "深圳市");

        List<Finding> findings = FeedQuality.inspect(newestFirst(PICKED_UP, OUT, refused, backOut, returned),
                TrackingHistory.merge(List.of(), newestFirst(PICKED_UP, OUT, refused, backOut, returned)), "杭州市",
                at("2026-11-25T00:00"));

        assertThat(findings).isEmpty();
    }

    @Test
    void aWrongRouteAlreadyHeldIsNotReportedAgain() {
        FeedEntry guangzhou = entry("2026-11-22T11:02", "已签收，签收人是本人", "3", TrackingState.DELIVERED, "广州市");

        assertThat(inspect(held(PICKED_UP, guangzhou), newestFirst(PICKED_UP, ARRIVED, guangzhou), "深圳市")).isEmpty();
    }

    // ---- Together -----------------------------------------------------------------------------------------------

    @Test
    void findingsComeOnePerKindAndEntryInEntryOrder() {
        String garbledText = new String("已签收，签收人是本人".getBytes(StandardCharsets.UTF_8), GBK);
        FeedEntry bad = entry("2026-11-22T11:02", garbledText, "3", TrackingState.DELIVERED, "广州市");
        FeedEntry early = entry("2026-11-19T08:00", "【杭州市】快递员正在为您派件", "5", TrackingState.OUT_FOR_DELIVERY,
                "杭州市");

        List<FeedEntry> push = List.of(bad, bad, ARRIVED, PICKED_UP, early);
        List<Finding> findings = inspect(List.of(), push, "杭州市");
        List<Finding> reordered = inspect(List.of(), List.of(early, bad, PICKED_UP, bad, ARRIVED), "杭州市");

        assertThat(findings).extracting(Finding::kind, Finding::checkpointAt).containsExactly(
                tuple(TrackingAnomalyKind.IMPOSSIBLE_SEQUENCE, early.at()),
                tuple(TrackingAnomalyKind.GARBLED_TEXT, bad.at()),
                tuple(TrackingAnomalyKind.REPEATED_ENTRY, bad.at()),
                tuple(TrackingAnomalyKind.WRONG_ROUTE, bad.at()));
        assertThat(reordered).isEqualTo(findings);
    }
}
