package io.shipsync.sim;

import io.shipsync.sim.TrackingCarriers.Carrier;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parcel's way as a {@link TrackingScript} plays it: beats with carrier times, each adding a checkpoint
 * (and pushing the history so far), resending an earlier push, or aborting. Carrier offsets are realistic
 * (hours); {@code scale} compresses them for the demo (a step of 4 carrier hours, kuaidi100's polling
 * interval, takes {@code trackingStepEvery}).
 */
final class TrackingJourney {

    /** kuaidi100 polls a number about every 4 h: one nominal step of the compressed schedule. */
    static final Duration NOMINAL_STEP = Duration.ofHours(4);

    record City(String province, String provinceFull, String city, String district, String areaCode, String hub) {

        String areaName() {
            return province + "," + city + "," + district;
        }

        String location() {
            return provinceFull.equals(city) ? city + district : provinceFull + city + district;
        }
    }

    /**
     * One checkpoint: kuaidi100 basic {@code state} and advanced {@code code}, 快递鸟 State and StateEx.
     * {@code terminal} entries end the subscription (kuaidi100 ischeck 1).
     */
    record Entry(Instant time, String context, int state, String code, String kdnState, String kdnStateEx,
                 City city, boolean terminal) {
    }

    enum Kind { ENTRY, REPEAT, OLDER, ABORT }

    /** {@code duplicateEntry}: this beat's push lists its newest entry twice. */
    record Beat(Instant at, Kind kind, Entry entry, boolean duplicateEntry) {
    }

    static final List<City> CITIES = List.of(
            new City("浙江", "浙江省", "杭州市", "余杭区", "CN330110000000", "杭州余杭集散中心"),
            new City("广东", "广东省", "深圳市", "南山区", "CN440305000000", "深圳南山集散中心"),
            new City("上海", "上海市", "上海市", "浦东新区", "CN310115000000", "上海浦东转运中心"),
            new City("北京", "北京市", "北京市", "朝阳区", "CN110105000000", "北京朝阳转运中心"),
            new City("广东", "广东省", "广州市", "天河区", "CN440106000000", "广州天河集散中心"),
            new City("江苏", "江苏省", "苏州市", "吴中区", "CN320506000000", "苏州吴中集散中心"),
            new City("四川", "四川省", "成都市", "武侯区", "CN510107000000", "成都武侯集散中心"),
            new City("湖北", "湖北省", "武汉市", "洪山区", "CN420111000000", "武汉洪山集散中心"));

    /** 省/自治区 (optional), 市, 区/县 (optional); the areaCode of such a city is unknown and left empty. */
    private static final Pattern ADDRESS = Pattern.compile("^(.+?(?:省|自治区))?(.+?市)(.+?[区县])?");

    private TrackingJourney() {
    }

    /**
     * The city a subscription's {@code from}/{@code to} text names: one of {@link #CITIES}, else one read from
     * an address like 陕西省西安市雁塔区 (so that the parcel ends where it was sent), else {@code fallback}.
     */
    static City city(String text, City fallback) {
        if (text == null) {
            return fallback;
        }
        for (City city : CITIES) {
            if (text.contains(city.city().replace("市", ""))) {
                return city;
            }
        }
        Matcher address = ADDRESS.matcher(text.replace(" ", ""));
        if (!address.find()) {
            return fallback;
        }
        String city = address.group(2);
        String provinceFull = address.group(1) != null ? address.group(1) : city;
        String province = provinceFull.replaceAll("(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$", "");
        String district = address.group(3) != null ? address.group(3) : "";
        String shortName = city.replaceAll("市$", "");
        return new City(province, provinceFull, city, district, "", shortName + "转运中心");
    }

    static List<Beat> build(TrackingScript script, Carrier carrier, String fromText, String toText, Instant anchor,
                            double scale) {
        City from = city(fromText, CITIES.get(0));
        City to = city(toText, CITIES.get(1));
        City delivery = to;
        if (script == TrackingScript.WRONG_ROUTE) {
            delivery = CITIES.stream().filter(c -> c != to && c != from).findFirst().orElseThrow();
        }
        String name = script == TrackingScript.CORRECTION ? TrackingCarriers.correctedFrom(carrier).name()
                : carrier.name();
        Builder b = new Builder(anchor, scale);
        if (script == TrackingScript.ABORT) {
            b.abort(72);
            return b.beats;
        }
        b.entry(-0.25, from, "【" + from.city() + "】商家已下单，" + name + "正在安排快递员上门揽收",
                1, "101", "10", "10", false);
        b.entry(1.5, from, "【" + from.city() + "】" + name + " 已收取快件", 1, "103", "1", "1", false);
        b.entry(4, from, "【" + from.city() + "】快件在【" + from.hub() + "】完成分拣，准备发往【" + to.hub() + "】",
                0, "1002", "2", "204", false);
        if (script == TrackingScript.DUPLICATES) {
            b.duplicateLast();
        }
        String departed = script == TrackingScript.GARBLED
                ? "【" + from.city() + "】快件已发车，离开【" + from.hub() + "】，发往【" + to.city().charAt(0) + "\uFFFD\uFFFD】"
                : "【" + from.city() + "】快件已发车，离开【" + from.hub() + "】，发往【" + to.city() + "】";
        b.entry(6, from, departed, 0, "1002", "2", "206", false);
        if (script == TrackingScript.DUPLICATES) {
            b.resend(6.1, Kind.REPEAT);
        }
        String arrived = "【" + delivery.city() + "】快件已到达【" + delivery.hub() + "】";
        b.entry(20, delivery, script == TrackingScript.GARBLED ? mojibake(arrived) : arrived, 0, "1001", "2", "201",
                false);
        if (script == TrackingScript.OUT_OF_ORDER) {
            b.resend(20.1, Kind.OLDER);
        }
        b.entry(26, delivery, "【" + delivery.city() + "】快件交给快递员王师傅（电话：138****5678），正在派送途中",
                5, "5", "2", "202", false);
        switch (script) {
            case PICKUP_POINT -> {
                b.entry(28, delivery, "【" + delivery.city() + "】快件已放入【丰巢智能柜】" + delivery.district()
                        + "科技园3号柜，请凭取件码 235816 取件", 5, "501", "2", "211", false);
                b.entry(34, delivery, "【" + delivery.city() + "】快件已从【丰巢智能柜】取出，投柜签收", 3, "304", "3",
                        "311", true);
            }
            case PROBLEM -> b.entry(29, delivery, "【" + delivery.city() + "】收件人电话无法接通，快件暂存【"
                    + delivery.hub() + "】，待联系收件人后再派送", 2, "2", "4", "416", false);
            case RETURN -> {
                b.entry(27, delivery, "【" + delivery.city() + "】收件人拒收快件，原因：不想要了，快件将退回寄件人",
                        14, "14", "4", "404", false);
                b.entry(30, delivery, "【" + delivery.city() + "】快件已发车，退回寄件人，离开【" + delivery.hub()
                        + "】，发往【" + from.city() + "】", 6, "6", "4", "407", false);
                b.entry(70, from, "【" + from.city() + "】退回件已签收，签收人：寄件人，如有疑问请联系快递员李师傅（电话：139****2468）",
                        4, "4", "4", "406", true);
            }
            default -> b.entry(29, delivery, "【" + delivery.city()
                    + "】快件已签收，签收人：本人，如有疑问请联系快递员王师傅（电话：138****5678）", 3, "301", "3", "301", true);
        }
        return b.beats;
    }

    /** What a GBK reader makes of UTF-8 bytes (快 → 蹇…), as a feed with a mis-declared charset delivers. */
    static String mojibake(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), Charset.forName("GBK"));
    }

    private static final class Builder {
        final Instant anchor;
        final double scale;
        final List<Beat> beats = new ArrayList<>();

        Builder(Instant anchor, double scale) {
            this.anchor = anchor;
            this.scale = scale;
        }

        Instant at(double hours) {
            return anchor.plusMillis(Math.round(hours * 3_600_000 * scale));
        }

        void entry(double hours, City city, String context, int state, String code, String kdnState,
                   String kdnStateEx, boolean terminal) {
            Instant at = at(hours);
            beats.add(new Beat(at, Kind.ENTRY,
                    new Entry(at, context, state, code, kdnState, kdnStateEx, city, terminal), false));
        }

        void duplicateLast() {
            Beat last = beats.remove(beats.size() - 1);
            beats.add(new Beat(last.at(), last.kind(), last.entry(), true));
        }

        void resend(double hours, Kind kind) {
            beats.add(new Beat(at(hours), kind, null, false));
        }

        void abort(double hours) {
            beats.add(new Beat(at(hours), Kind.ABORT, null, false));
        }
    }
}
