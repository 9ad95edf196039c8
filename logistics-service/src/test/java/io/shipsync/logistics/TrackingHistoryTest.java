package io.shipsync.logistics;

import static org.assertj.core.api.Assertions.assertThat;

import io.shipsync.events.TrackingCheckpoint;
import io.shipsync.events.TrackingState;
import io.shipsync.trackingfeed.FeedEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Merging pushed tracking histories (物流轨迹): dedupe, order, status, and independence from arrival order. */
class TrackingHistoryTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static Instant at(String shanghaiLocal) {
        return LocalDateTime.parse(shanghaiLocal).atZone(SHANGHAI).toInstant();
    }

    static FeedEntry entry(String shanghaiLocal, String text, String rawState, TrackingState state) {
        return new FeedEntry(at(shanghaiLocal), text, rawState, state, null, null, null);
    }

    private static final FeedEntry ORDERED =
            entry("2026-11-20T09:00", "商家已发货，等待快递员揽收", "101", TrackingState.INFO_RECEIVED);
    private static final FeedEntry PICKED_UP =
            entry("2026-11-20T18:12", "【深圳市】顺丰速运 已收取快件", "1", TrackingState.PICKED_UP);
    private static final FeedEntry LEFT =
            entry("2026-11-20T23:40", "快件离开 【深圳转运中心】 已发往 【杭州转运中心】", "1002", TrackingState.IN_TRANSIT);
    private static final FeedEntry ARRIVED =
            entry("2026-11-21T14:05", "快件已到达 杭州转运中心", "1001", TrackingState.IN_TRANSIT);
    private static final FeedEntry OUT =
            entry("2026-11-22T08:30", "【杭州市】快递员 王师傅（138****1234）正在为您派件", "5",
                    TrackingState.OUT_FOR_DELIVERY);
    private static final FeedEntry DELIVERED =
            entry("2026-11-22T11:02", "已签收，签收人是本人", "3", TrackingState.DELIVERED);

    private static List<FeedEntry> newestFirst(FeedEntry... entries) {
        List<FeedEntry> push = new ArrayList<>(List.of(entries));
        Collections.reverse(push);
        return push;
    }

    @Test
    void mapsAFeedEntryOntoACheckpoint() {
        FeedEntry withArea = new FeedEntry(at("2026-11-22T11:02"), "派件异常：收件人电话无人接听", "2",
                TrackingState.EXCEPTION, "疑难", "浙江,杭州市,西湖区", "杭州市");
        FeedEntry cityOnly = new FeedEntry(at("2026-11-22T11:02"), "快件已到达", "0", TrackingState.IN_TRANSIT,
                null, null, "杭州市");

        assertThat(TrackingHistory.checkpoint(withArea)).isEqualTo(new TrackingCheckpoint(at("2026-11-22T11:02"),
                TrackingState.EXCEPTION, "2", "浙江,杭州市,西湖区", "派件异常：收件人电话无人接听", "疑难"));
        assertThat(TrackingHistory.checkpoint(cityOnly).location()).isEqualTo("杭州市");
    }

    @Test
    void ordersOldestFirstWhateverOrderThePushHas() {
        TrackingHistory.Merge merge = TrackingHistory.merge(List.of(),
                List.of(LEFT, DELIVERED, ORDERED, OUT, PICKED_UP, ARRIVED));

        assertThat(merge.history()).extracting(TrackingCheckpoint::description).containsExactly(
                ORDERED.text(), PICKED_UP.text(), LEFT.text(), ARRIVED.text(), OUT.text(), DELIVERED.text());
        assertThat(merge.added()).isEqualTo(merge.history());
        assertThat(merge.status()).contains(TrackingState.DELIVERED);
        assertThat(merge.newest()).map(TrackingCheckpoint::description).contains(DELIVERED.text());
    }

    @Test
    void entriesOfTheSameInstantAreOrderedByLifecycleThenText() {
        FeedEntry out = entry("2026-11-22T08:30", "派件中", "5", TrackingState.OUT_FOR_DELIVERY);
        FeedEntry delivered = entry("2026-11-22T08:30", "已签收", "3", TrackingState.DELIVERED);
        FeedEntry transitB = entry("2026-11-22T08:30", "快件已到达 B", "0", TrackingState.IN_TRANSIT);
        FeedEntry transitA = entry("2026-11-22T08:30", "快件已到达 A", "0", TrackingState.IN_TRANSIT);

        TrackingHistory.Merge one = TrackingHistory.merge(List.of(), List.of(delivered, out, transitB, transitA));
        TrackingHistory.Merge other = TrackingHistory.merge(List.of(), List.of(transitA, out, delivered, transitB));

        assertThat(one.history()).extracting(TrackingCheckpoint::description)
                .containsExactly("快件已到达 A", "快件已到达 B", "派件中", "已签收");
        assertThat(other).isEqualTo(one);
        assertThat(one.status()).contains(TrackingState.DELIVERED);
    }

    @Test
    void theSameEntryTwiceInAPushIsKeptOnce() {
        TrackingHistory.Merge merge = TrackingHistory.merge(List.of(), List.of(ARRIVED, LEFT, ARRIVED, LEFT));

        assertThat(merge.history()).hasSize(2);
        assertThat(merge.added()).hasSize(2);
    }

    @Test
    void whitespaceDifferencesAreTheSameEntry() {
        FeedEntry spaced = entry("2026-11-21T14:05", "  快件已到达\u3000\u3000杭州转运中心\t", "1001",
                TrackingState.IN_TRANSIT);
        FeedEntry noBreak = entry("2026-11-21T14:05", "快件已到达\u00A0杭州转运中心", "1001", TrackingState.IN_TRANSIT);

        TrackingHistory.Merge merge = TrackingHistory.merge(List.of(), List.of(ARRIVED, spaced, noBreak));

        assertThat(merge.history()).hasSize(1);
        assertThat(TrackingHistory.normalisedText(spaced.text())).isEqualTo("快件已到达 杭州转运中心");
    }

    @Test
    void differentTextAtTheSameInstantIsADifferentEntry() {
        FeedEntry sorting = entry("2026-11-21T14:05", "快件已到达 杭州转运中心，正在分拣", "0", TrackingState.IN_TRANSIT);

        assertThat(TrackingHistory.merge(List.of(), List.of(ARRIVED, sorting)).history()).hasSize(2);
    }

    @Test
    void aReLabelledEntryIsOneEntryAndTheSameWhicheverLabelCameFirst() {
        FeedEntry basic = entry("2026-11-21T14:05", ARRIVED.text(), "0", TrackingState.IN_TRANSIT);
        FeedEntry sub = entry("2026-11-21T14:05", ARRIVED.text(), "1001", TrackingState.IN_TRANSIT);

        TrackingHistory.Merge basicFirst = TrackingHistory.merge(
                TrackingHistory.merge(List.of(), List.of(basic)).history(), List.of(sub));
        TrackingHistory.Merge subFirst = TrackingHistory.merge(
                TrackingHistory.merge(List.of(), List.of(sub)).history(), List.of(basic));

        assertThat(basicFirst.history()).hasSize(1).isEqualTo(subFirst.history());
        assertThat(basicFirst.added()).isEmpty();
        assertThat(subFirst.added()).isEmpty();
    }

    @Test
    void aNewEntryIsAddedOnceAndLaterFullHistoriesAddNothing() {
        TrackingHistory.Merge first = TrackingHistory.merge(List.of(), newestFirst(ORDERED, PICKED_UP));
        TrackingHistory.Merge second = TrackingHistory.merge(first.history(), newestFirst(ORDERED, PICKED_UP, LEFT));
        TrackingHistory.Merge again = TrackingHistory.merge(second.history(), newestFirst(ORDERED, PICKED_UP, LEFT));

        assertThat(second.added()).extracting(TrackingCheckpoint::description).containsExactly(LEFT.text());
        assertThat(again.added()).isEmpty();
        assertThat(again.history()).isEqualTo(second.history());
    }

    @Test
    void anOlderPushFillsAGapButLeavesTheNewestAndTheStatus() {
        List<TrackingCheckpoint> stored = TrackingHistory.merge(List.of(),
                newestFirst(ORDERED, PICKED_UP, ARRIVED, OUT, DELIVERED)).history();

        TrackingHistory.Merge older = TrackingHistory.merge(stored, newestFirst(ORDERED, PICKED_UP, LEFT, ARRIVED));

        assertThat(older.added()).extracting(TrackingCheckpoint::description).containsExactly(LEFT.text());
        assertThat(older.history()).hasSize(6);
        assertThat(older.status()).contains(TrackingState.DELIVERED);
        assertThat(older.newest()).contains(stored.get(stored.size() - 1));
    }

    @Test
    void aReLabelCannotMoveTheStatusBack() {
        FeedEntry delivered = entry("2026-11-22T11:02", "已签收，签收人是本人", "3", TrackingState.DELIVERED);
        FeedEntry sameEntryAsException = entry("2026-11-22T11:02", "已签收，签收人是本人", "2", TrackingState.EXCEPTION);

        TrackingHistory.Merge stored = TrackingHistory.merge(List.of(), newestFirst(PICKED_UP, delivered));
        TrackingHistory.Merge relabelled = TrackingHistory.merge(stored.history(), List.of(sameEntryAsException));

        assertThat(relabelled.status()).contains(TrackingState.DELIVERED);
        assertThat(relabelled.added()).isEmpty();
    }

    @Test
    void aVersionOneStateIsStoredAsItsCurrentState() {
        FeedEntry customs = entry("2026-11-21T09:00", "清关中", "0", TrackingState.CUSTOMS);

        assertThat(TrackingHistory.merge(List.of(), List.of(customs)).status()).contains(TrackingState.IN_TRANSIT);
    }

    @Test
    void nothingPushedHasNoStatus() {
        TrackingHistory.Merge merge = TrackingHistory.merge(List.of(), List.of());

        assertThat(merge.newest()).isEmpty();
        assertThat(merge.status()).isEmpty();
    }

    // ---- Property: the merge is a function of the set of entries ever pushed. ----------------------------------

    static LongStream seeds() {
        return new Random(20261126L).longs(400);
    }

    /**
     * Cuts a realistic history into cumulative pushes (each the full history so far, newest first, sometimes with an
     * entry repeated, re-labelled or re-spaced), delivers them in two random orders with repeats, and checks both
     * end in what one merge of everything gives; along the way each entry is added once and the newest never goes
     * back. The seed in the test name reproduces a failure.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyArrivalOrderOfThePushesEndsInTheSameHistoryAndStatus(long seed) {
        Random random = new Random(seed);
        List<FeedEntry> history = realisticHistory(random);
        List<List<FeedEntry>> pushes = cumulativePushes(history, random);

        TrackingHistory.Merge oneOrder = deliver(pushes, arrivalOrder(pushes.size(), random));
        TrackingHistory.Merge otherOrder = deliver(pushes, arrivalOrder(pushes.size(), random));
        TrackingHistory.Merge everything = TrackingHistory.merge(List.of(),
                pushes.stream().flatMap(List::stream).collect(Collectors.toList()));

        assertThat(oneOrder.history()).isEqualTo(everything.history());
        assertThat(otherOrder.history()).isEqualTo(everything.history());
        assertThat(oneOrder.status()).isEqualTo(everything.status());
        assertThat(otherOrder.status()).isEqualTo(everything.status());
        assertThat(everything.history()).hasSize(history.size());
        assertThat(everything.status()).contains(history.get(history.size() - 1).state());
    }

    /** Merges the pushes in the given order, checking each entry is added once and the newest only moves on. */
    private static TrackingHistory.Merge deliver(List<List<FeedEntry>> pushes, List<Integer> order) {
        List<TrackingCheckpoint> stored = List.of();
        Set<String> addedKeys = new HashSet<>();
        TrackingCheckpoint newest = null;
        TrackingHistory.Merge merge = TrackingHistory.merge(stored, List.of());
        for (int index : order) {
            merge = TrackingHistory.merge(stored, pushes.get(index));
            for (TrackingCheckpoint added : merge.added()) {
                assertThat(addedKeys.add(TrackingHistory.key(added))).as("added twice: %s", added).isTrue();
            }
            TrackingCheckpoint now = merge.newest().orElseThrow();
            if (newest != null) {
                assertThat(TrackingHistory.ORDER.compare(now, newest)).as("newest went back").isGreaterThanOrEqualTo(0);
            }
            newest = now;
            stored = merge.history();
        }
        assertThat(addedKeys).isEqualTo(merge.history().stream().map(TrackingHistory::key).collect(Collectors.toSet()));
        return merge;
    }

    /** Every push at least once, in random order, some of them several times. */
    private static List<Integer> arrivalOrder(int pushes, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < pushes; i++) {
            order.add(i);
        }
        int repeats = random.nextInt(pushes + 1);
        for (int i = 0; i < repeats; i++) {
            order.add(random.nextInt(pushes));
        }
        Collections.shuffle(order, random);
        return order;
    }

    private static List<List<FeedEntry>> cumulativePushes(List<FeedEntry> history, Random random) {
        List<List<FeedEntry>> pushes = new ArrayList<>();
        int size = 0;
        while (size < history.size()) {
            size = Math.min(history.size(), size + 1 + random.nextInt(3));
            List<FeedEntry> push = new ArrayList<>();
            for (FeedEntry entry : history.subList(0, size)) {
                push.add(variant(entry, random));
            }
            Collections.reverse(push);
            if (random.nextInt(3) == 0) {
                push.add(random.nextInt(push.size() + 1), variant(push.get(random.nextInt(push.size())), random));
            }
            if (random.nextInt(5) == 0) {
                Collections.shuffle(push, random);
            }
            pushes.add(push);
        }
        return pushes;
    }

    /** The same entry as another push might carry it: re-spaced, or re-labelled with another raw state. */
    private static FeedEntry variant(FeedEntry entry, Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return new FeedEntry(entry.at(), " " + entry.text().replace(" ", "\u3000") + " ", entry.rawState(),
                        entry.state(), entry.exceptionReason(), entry.area(), entry.city());
            case 1:
                return new FeedEntry(entry.at(), entry.text(), relabelled(entry.rawState()), entry.state(),
                        entry.exceptionReason(), entry.area(), entry.city());
            default:
                return entry;
        }
    }

    private static String relabelled(String rawState) {
        return rawState.length() > 1 ? rawState.substring(0, 1) : rawState + "0" + rawState;
    }

    private static final String[] CITIES = {"深圳市", "杭州市", "上海市", "北京市", "广州市", "成都市", "武汉市"};

    /** 下单 → 揽收 → 在途 ×n → 到达派件城市 → 派件 → 驿站/签收/异常, minutes apart or in the same minute. */
    private static List<FeedEntry> realisticHistory(Random random) {
        String origin = CITIES[random.nextInt(CITIES.length)];
        String destination = CITIES[random.nextInt(CITIES.length)];
        String hub = origin.replace("市", "");
        String lastHub = destination.replace("市", "");
        Instant[] clock = {at("2026-11-20T09:00").plus(Duration.ofMinutes(random.nextInt(7 * 24 * 60)))};
        List<FeedEntry> history = new ArrayList<>();
        if (random.nextBoolean()) {
            history.add(step(clock, random, "商家已发货，等待快递员揽收", "101", TrackingState.INFO_RECEIVED, origin));
        }
        history.add(step(clock, random, "【" + origin + "】顺丰速运 已收取快件", "103", TrackingState.PICKED_UP, origin));
        int hops = 1 + random.nextInt(4);
        for (int i = 0; i < hops; i++) {
            String next = hub;
            while (next.equals(hub)) {
                next = CITIES[random.nextInt(CITIES.length)].replace("市", "");
            }
            history.add(step(clock, random, "快件离开 【" + hub + "转运中心】 已发往 【" + next + "转运中心】", "1002",
                    TrackingState.IN_TRANSIT, hub + "市"));
            hub = next;
            history.add(step(clock, random, "快件已到达 " + hub + "转运中心", "0", TrackingState.IN_TRANSIT, hub + "市"));
        }
        history.add(step(clock, random, "快件已到达 " + lastHub + "派件营业部", "1001", TrackingState.IN_TRANSIT,
                destination));
        history.add(step(clock, random, "【" + destination + "】快递员 张师傅（138****1234）正在为您派件", "5",
                TrackingState.OUT_FOR_DELIVERY, destination));
        switch (random.nextInt(3)) {
            case 0:
                history.add(step(clock, random, "【代收点】您的快件已放在菜鸟驿站，请凭取件码 6-2-3011 及时取件", "501",
                        TrackingState.AT_PICKUP_POINT, destination));
                history.add(step(clock, random, "已签收，签收人凭取件码签收", "3", TrackingState.DELIVERED, destination));
                break;
            case 1:
                history.add(step(clock, random, "派件异常：收件人电话无人接听，将再次派送", "2", TrackingState.EXCEPTION,
                        destination));
                break;
            default:
                history.add(step(clock, random, "已签收，签收人是本人", "3", TrackingState.DELIVERED, destination));
                break;
        }
        return history;
    }

    private static FeedEntry step(Instant[] clock, Random random, String text, String rawState, TrackingState state,
                                  String city) {
        // One in four steps lands in the same minute as the one before, so ties are common.
        if (random.nextInt(4) != 0) {
            clock[0] = clock[0].plus(Duration.ofMinutes(1 + random.nextInt(600)));
        }
        String area = random.nextBoolean() ? null : "某省," + city;
        return new FeedEntry(clock[0], text, rawState, state, state == TrackingState.EXCEPTION ? "疑难" : null, area,
                city);
    }
}
