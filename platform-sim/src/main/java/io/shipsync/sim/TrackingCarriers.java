package io.shipsync.sim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The carriers the tracking feeds know: kuaidi100 company codes (reference §3.1), the 快递鸟 ShipperCodes (the
 * simulator's table: the reference lists none) and the number shapes of reference §4, which rank autonumber and
 * 快递鸟 单号识别 answers. Numeric shapes overlap across carriers, so a number may match several.
 */
final class TrackingCarriers {

    record Carrier(String kuaidi100, String kdniao, String name) {
    }

    private record Shape(Pattern pattern, String kuaidi100) {
    }

    static final List<Carrier> ALL = List.of(
            new Carrier("shunfeng", "SF", "顺丰速运"),
            new Carrier("zhongtong", "ZTO", "中通快递"),
            new Carrier("yuantong", "YTO", "圆通速递"),
            new Carrier("shentong", "STO", "申通快递"),
            new Carrier("yunda", "YD", "韵达快递"),
            new Carrier("ems", "EMS", "EMS"),
            new Carrier("jd", "JD", "京东物流"),
            new Carrier("jtexpress", "JTSD", "极兔速递"),
            new Carrier("debangkuaidi", "DBL", "德邦快递"),
            new Carrier("zhaijisong", "ZJS", "宅急送"),
            new Carrier("huitongkuaidi", "HTKY", "百世快递"));

    /** Most specific first: the order in which overlapping carriers are offered. */
    private static final List<Shape> SHAPES = List.of(
            shape("SF\\d{13}", "shunfeng"),
            shape("YT\\d{13}", "yuantong"),
            shape("JT\\d{13}", "jtexpress"),
            shape("JD[A-Z0-9]{2}\\d{11}|JD\\d{13}", "jd"),
            shape("DPK\\d{6,}", "debangkuaidi"),
            shape("[A-Z]{2}\\d{9}[A-Z]{2}", "ems"),
            shape("7[568]\\d{12}|73[1-4]\\d{11}", "zhongtong"),
            shape("6\\d{13}", "jtexpress"),
            shape("77\\d{13}", "shentong"),
            shape("(31|42|43|46)(\\d{11}|\\d{13})", "yunda"),
            shape("(33|37|66|77)\\d{11}", "shentong"),
            shape("(10|11|12)\\d{11}", "ems"),
            shape("(768|765|778|518|528|688|010|880|660|805)\\d{9}", "zhongtong"),
            shape("(268|888|588|688)\\d{9}", "shentong"),
            shape("\\d{12}", "shunfeng"),
            shape("(98|99|95|97|96|91|92|60)\\d{11,12}", "ems"));

    private TrackingCarriers() {
    }

    private static Shape shape(String regex, String kuaidi100) {
        return new Shape(Pattern.compile(regex), kuaidi100);
    }

    static Carrier byKuaidi100(String code) {
        return ALL.stream().filter(c -> c.kuaidi100().equals(code)).findFirst().orElse(null);
    }

    static Carrier byKdniao(String code) {
        return ALL.stream().filter(c -> c.kdniao().equals(code)).findFirst().orElse(null);
    }

    /** The carriers whose number shape fits, most likely first; empty when none does. */
    static List<Carrier> recognise(String number) {
        String upper = number == null ? "" : number.trim().toUpperCase();
        Set<String> codes = new LinkedHashSet<>();
        for (Shape shape : SHAPES) {
            if (shape.pattern().matcher(upper).matches()) {
                codes.add(shape.kuaidi100());
            }
        }
        List<Carrier> found = new ArrayList<>();
        codes.forEach(code -> found.add(byKuaidi100(code)));
        return found;
    }

    /** Another carrier than {@code carrier}, for a company correction (comOld → comNew). */
    static Carrier correctedFrom(Carrier carrier) {
        return byKuaidi100(carrier.kuaidi100().equals("zhongtong") ? "yuantong" : "zhongtong");
    }
}
