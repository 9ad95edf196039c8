package io.shipsync.logistics;

import io.shipsync.events.TrackingAnomalyKind;
import io.shipsync.events.TrackingCheckpoint;
import io.shipsync.events.TrackingState;
import io.shipsync.trackingfeed.FeedEntry;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Findings about the quality of one tracking push (物流轨迹异常): garbled text (乱码), entries repeated within the
 * push, sequences no parcel can take, and deliveries in another city than the order's.
 *
 * <p>Only what the push newly {@linkplain TrackingHistory.Merge#added() added} is judged, because every later push
 * carries the full history again: a bad entry is reported once, by the push that first brought it.
 */
public final class FeedQuality {

    /** How far in the future an entry may be dated before it is impossible: room for the carrier's clock drift. */
    static final Duration CLOCK_ALLOWANCE = Duration.ofMinutes(10);

    /** kuaidi100's sub-state 到达派件城市: the parcel reached the city it will be delivered in. */
    static final String ARRIVED_IN_DELIVERY_CITY = "1001";

    /** States only reached in the city of delivery (派件, 投柜或驿站, 签收). */
    private static final Set<TrackingState> LAST_MILE =
            EnumSet.of(TrackingState.OUT_FOR_DELIVERY, TrackingState.AT_PICKUP_POINT, TrackingState.DELIVERED);

    private static final Set<TrackingState> RETURN =
            EnumSet.of(TrackingState.RETURNING, TrackingState.RETURNED);

    private static final Charset GBK = Charset.forName("GBK");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** The mis-decodings met in Chinese carrier feeds, tried in this order. */
    private static final List<Misreading> MISREADINGS = List.of(
            new Misreading(StandardCharsets.UTF_8, GBK),
            new Misreading(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1),
            new Misreading(StandardCharsets.UTF_8, WINDOWS_1252),
            new Misreading(GBK, StandardCharsets.ISO_8859_1),
            new Misreading(GBK, WINDOWS_1252));

    private static final String[] CITY_SUFFIXES = {"自治州", "地区", "市", "盟"};
    private static final String[] PROVINCE_SUFFIXES = {"自治区", "省"};

    private FeedQuality() {
    }

    /**
     * One thing wrong with a push.
     *
     * @param kind         what kind of problem
     * @param finding      the problem in plain words, quoting the entry's text
     * @param checkpointAt the instant of the entry it concerns
     */
    public record Finding(TrackingAnomalyKind kind, String finding, Instant checkpointAt) {

        public Finding {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(finding, "finding");
            Objects.requireNonNull(checkpointAt, "checkpointAt");
        }
    }

    /**
     * Inspects a push after it was merged.
     *
     * <ul>
     *   <li>{@link TrackingAnomalyKind#GARBLED_TEXT}: a new entry's text is UTF-8 read as GBK (鍙戣揣 for 发货) or as
     *   ISO-8859-1/windows-1252 (å·²…), or GBK read as ISO-8859-1/windows-1252 (ÒÑÇ©ÊÕ for 已签收), which the
     *   finding undoes and quotes (for UTF-8 read as GBK also when an unpaired byte became U+FFFD); or it holds
     *   U+FFFD otherwise, the trace of bytes a decoder could not read (typically GBK read as UTF-8), which cannot
     *   be undone; or it holds a control character. Tab, line feed and carriage return are not counted: carriers
     *   do break lines in their texts, and the dedupe key already treats them as spaces.</li>
     *   <li>{@link TrackingAnomalyKind#REPEATED_ENTRY}: a new entry appears more than once in this push.</li>
     *   <li>{@link TrackingAnomalyKind#IMPOSSIBLE_SEQUENCE}: an out-for-delivery, pickup-point or delivered entry
     *   dated before the first pickup (揽收) in the merged history, where either of the two is new; or a new entry
     *   dated more than {@link #CLOCK_ALLOWANCE} after {@code receivedAt}. Other orders (a scan before 已下单, a
     *   transit scan a minute before the pickup) are left alone: carriers log those late, so they happen.</li>
     *   <li>{@link TrackingAnomalyKind#WRONG_ROUTE}: a new out-for-delivery, pickup-point or delivered entry, or one
     *   with kuaidi100 state {@value #ARRIVED_IN_DELIVERY_CITY} (到达派件城市), in a known city other than
     *   {@code destinationCity}. The city is the feed's, else parsed from the area, else from a leading 【…市】 in
     *   the text; cities compare without their 市/地区/自治州/盟 suffix, so 深圳 is 深圳市. Entries from the first
     *   return (退回) on are skipped: they head back to the sender's city.</li>
     * </ul>
     *
     * @param pushed          the push as received, with its repeats
     * @param merge           the push merged with what was held, from {@link TrackingHistory#merge}
     * @param destinationCity the order's city, e.g. "深圳市"; null or blank skips the route check
     * @param receivedAt      when the push was received
     * @return at most one finding per kind and entry, ordered by entry instant, then kind, then text
     */
    public static List<Finding> inspect(List<FeedEntry> pushed, TrackingHistory.Merge merge, String destinationCity,
                                        Instant receivedAt) {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Set<String> addedKeys = new HashSet<>();
        merge.added().forEach(checkpoint -> addedKeys.add(TrackingHistory.key(checkpoint)));

        Map<String, Finding> byKindAndEntry = new LinkedHashMap<>();
        garbled(merge.added(), byKindAndEntry);
        repeated(pushed, addedKeys, byKindAndEntry);
        impossible(merge, addedKeys, receivedAt, byKindAndEntry);
        if (destinationCity != null && !destinationCity.isBlank()) {
            wrongRoute(pushed, merge, destinationCity, byKindAndEntry);
        }

        List<Finding> findings = new ArrayList<>(byKindAndEntry.values());
        findings.sort(Comparator.comparing(Finding::checkpointAt)
                .thenComparing(Finding::kind)
                .thenComparing(Finding::finding));
        return List.copyOf(findings);
    }

    /**
     * What is garbled about a text, in plain words; empty when it reads as a carrier text should.
     * The mis-decodings are tried first because they can be undone, and the finding can then say what was meant.
     */
    static Optional<String> garbling(String text) {
        for (Misreading misreading : MISREADINGS) {
            Optional<String> meant = misreading.undo(text);
            if (meant.isPresent()) {
                return Optional.of("Garbled text (乱码): " + quote(text) + " is " + misreading.written.name()
                        + " read as " + misreading.readAs.name() + "; it reads " + quote(meant.get()));
            }
        }
        Optional<String> meantDespiteLoss = undoUtf8ReadAsGbkWithLoss(text);
        if (meantDespiteLoss.isPresent()) {
            return Optional.of("Garbled text (乱码): " + quote(text) + " is UTF-8 read as GBK, with bytes lost where it"
                    + " shows U+FFFD; it reads " + quote(meantDespiteLoss.get()));
        }
        if (text.indexOf('\uFFFD') >= 0) {
            return Optional.of("Garbled text (乱码): " + quote(text) + " contains U+FFFD, the mark of bytes the feed"
                    + " could not decode (typically GBK read as UTF-8); the original text is lost");
        }
        return firstControl(text).map(codePoint -> "Garbled text (乱码): " + quote(text)
                + " contains the control character " + codePoint);
    }

    /**
     * Whether two city names are the same city, leniently: a leading province is ignored, as are the suffixes
     * 市, 地区, 自治州 and 盟, and a name matches a longer one it begins (延边 is 延边朝鲜族自治州).
     */
    static boolean sameCity(String a, String b) {
        String x = bareCity(a);
        String y = bareCity(b);
        return x.equals(y) || x.length() >= 2 && y.startsWith(x) || y.length() >= 2 && x.startsWith(y);
    }

    /**
     * The city a location names: the first part (split at commas and spaces) that holds a name ending in
     * 市, 地区, 自治州 or 盟 after any province; null when none does.
     */
    static String cityIn(String location) {
        if (location == null) {
            return null;
        }
        for (String part : location.split("[,，/\\s\u3000]+")) {
            String city = cityPrefix(withoutProvince(part));
            if (city != null) {
                return city;
            }
        }
        return null;
    }

    private static void garbled(List<TrackingCheckpoint> added, Map<String, Finding> findings) {
        for (TrackingCheckpoint checkpoint : added) {
            garbling(checkpoint.description()).ifPresent(finding -> record(findings,
                    new Finding(TrackingAnomalyKind.GARBLED_TEXT, finding, checkpoint.at()), checkpoint));
        }
    }

    private static void repeated(List<FeedEntry> pushed, Set<String> addedKeys, Map<String, Finding> findings) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, TrackingCheckpoint> firstSeen = new HashMap<>();
        for (FeedEntry entry : pushed) {
            TrackingCheckpoint checkpoint = TrackingHistory.checkpoint(entry);
            String key = TrackingHistory.key(checkpoint);
            counts.merge(key, 1, Integer::sum);
            firstSeen.putIfAbsent(key, checkpoint);
        }
        counts.forEach((key, count) -> {
            if (count > 1 && addedKeys.contains(key)) {
                TrackingCheckpoint checkpoint = firstSeen.get(key);
                record(findings, new Finding(TrackingAnomalyKind.REPEATED_ENTRY,
                        "The entry " + quote(checkpoint.description()) + " at " + checkpoint.at() + " appears "
                                + count + " times in one push", checkpoint.at()), checkpoint);
            }
        });
    }

    private static void impossible(TrackingHistory.Merge merge, Set<String> addedKeys, Instant receivedAt,
                                   Map<String, Finding> findings) {
        Optional<TrackingCheckpoint> firstPickup = merge.history().stream()
                .filter(checkpoint -> checkpoint.state() == TrackingState.PICKED_UP)
                .findFirst();
        firstPickup.ifPresent(pickup -> {
            boolean pickupIsNew = addedKeys.contains(TrackingHistory.key(pickup));
            for (TrackingCheckpoint checkpoint : merge.history()) {
                if (!checkpoint.at().isBefore(pickup.at())) {
                    break;
                }
                if (LAST_MILE.contains(checkpoint.state())
                        && (pickupIsNew || addedKeys.contains(TrackingHistory.key(checkpoint)))) {
                    record(findings, new Finding(TrackingAnomalyKind.IMPOSSIBLE_SEQUENCE,
                            "The " + stateWords(checkpoint.state()) + " entry " + quote(checkpoint.description())
                                    + " at " + checkpoint.at() + " is dated before the first pickup "
                                    + quote(pickup.description()) + " at " + pickup.at()
                                    + ": no parcel reaches the last mile before the carrier has it",
                            checkpoint.at()), checkpoint);
                }
            }
        });

        Instant latestPossible = receivedAt.plus(CLOCK_ALLOWANCE);
        for (TrackingCheckpoint checkpoint : merge.added()) {
            if (checkpoint.at().isAfter(latestPossible)) {
                record(findings, new Finding(TrackingAnomalyKind.IMPOSSIBLE_SEQUENCE,
                        "The entry " + quote(checkpoint.description()) + " is dated " + checkpoint.at()
                                + ", after the push was received at " + receivedAt + " (more than "
                                + CLOCK_ALLOWANCE.toMinutes() + " minutes of clock drift)", checkpoint.at()),
                        checkpoint);
            }
        }
    }

    private static void wrongRoute(List<FeedEntry> pushed, TrackingHistory.Merge merge, String destinationCity,
                                   Map<String, Finding> findings) {
        Map<String, String> feedCities = new HashMap<>();
        for (FeedEntry entry : pushed) {
            if (entry.city() != null && !entry.city().isBlank()) {
                feedCities.putIfAbsent(TrackingHistory.key(TrackingHistory.checkpoint(entry)), entry.city());
            }
        }
        Instant firstReturn = merge.history().stream()
                .filter(checkpoint -> RETURN.contains(checkpoint.state()))
                .map(TrackingCheckpoint::at)
                .findFirst()
                .orElse(Instant.MAX);

        for (TrackingCheckpoint checkpoint : merge.added()) {
            boolean inDeliveryCity = LAST_MILE.contains(checkpoint.state())
                    || ARRIVED_IN_DELIVERY_CITY.equals(checkpoint.carrierState());
            if (!inDeliveryCity || !checkpoint.at().isBefore(firstReturn)) {
                continue;
            }
            String city = feedCities.get(TrackingHistory.key(checkpoint));
            if (city == null) {
                city = cityIn(checkpoint.location());
            }
            if (city == null) {
                city = cityInLeadingBracket(checkpoint.description());
            }
            if (city != null && !sameCity(city, destinationCity)) {
                record(findings, new Finding(TrackingAnomalyKind.WRONG_ROUTE,
                        "The " + stateWords(checkpoint.state()) + " entry " + quote(checkpoint.description())
                                + " at " + checkpoint.at() + " is in " + city + ", but the order goes to "
                                + destinationCity + ": the number may belong to another parcel",
                        checkpoint.at()), checkpoint);
            }
        }
    }

    private static void record(Map<String, Finding> findings, Finding finding, TrackingCheckpoint checkpoint) {
        findings.putIfAbsent(finding.kind() + "|" + TrackingHistory.key(checkpoint), finding);
    }

    /**
     * What a text meant when it is UTF-8 read as GBK and some bytes could not be paired (an odd byte count, a
     * byte before a space): GBK turned each into U+FFFD, and the pieces between still read as UTF-8, give or take
     * the cut characters at their ends.
     */
    private static Optional<String> undoUtf8ReadAsGbkWithLoss(String text) {
        if (text.indexOf('\uFFFD') < 0) {
            return Optional.empty();
        }
        StringBuilder meant = new StringBuilder();
        String[] pieces = text.split("\uFFFD", -1);
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                meant.append('\uFFFD');
            }
            Optional<String> piece = utf8AllowingCutEnds(pieces[i]);
            if (piece.isEmpty()) {
                return Optional.empty();
            }
            meant.append(piece.get());
        }
        String readable = meant.toString().replace("\uFFFD", "");
        return hanCount(readable) >= 2 && printable(readable) ? Optional.of(meant.toString()) : Optional.empty();
    }

    /** The piece's GBK bytes as strict UTF-8, once up to three bytes of a cut character are dropped at each end. */
    private static Optional<String> utf8AllowingCutEnds(String piece) {
        byte[] bytes;
        try {
            ByteBuffer encoded = GBK.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(piece));
            bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
        } catch (CharacterCodingException notGbk) {
            return Optional.empty();
        }
        int start = 0;
        while (start < bytes.length && start < 3 && isContinuation(bytes[start])) {
            start++;
        }
        for (int cut = 0; cut <= Math.min(3, bytes.length - start); cut++) {
            int end = bytes.length - cut;
            if (cut > 0 && !isLead(bytes[end])) {
                continue;
            }
            try {
                return Optional.of(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, start, end - start))
                        .toString());
            } catch (CharacterCodingException notYet) {
                // try dropping one more byte of a cut character
            }
        }
        return Optional.empty();
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static boolean isLead(byte b) {
        return (b & 0xE0) == 0xC0 || (b & 0xF0) == 0xE0 || (b & 0xF8) == 0xF0;
    }

    private static long hanCount(String text) {
        return text.codePoints()
                .filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)
                .count();
    }

    private static long nonAscii(String text) {
        return text.codePoints().filter(cp -> cp >= 0x80).count();
    }

    private static boolean printable(String text) {
        return text.codePoints().allMatch(cp -> {
            int type = Character.getType(cp);
            return cp != '\uFFFD' && type != Character.UNASSIGNED && type != Character.PRIVATE_USE
                    && type != Character.SURROGATE && (type != Character.CONTROL || isLineSpace(cp));
        });
    }

    private static Optional<String> firstControl(String text) {
        return text.codePoints()
                .filter(cp -> Character.getType(cp) == Character.CONTROL && !isLineSpace(cp))
                .mapToObj(cp -> String.format("U+%04X", cp))
                .findFirst();
    }

    private static boolean isLineSpace(int codePoint) {
        return codePoint == '\t' || codePoint == '\n' || codePoint == '\r';
    }

    /** The text in 「」, control characters written as U+XXXX so that the finding stays printable. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder("「");
        text.codePoints().forEach(cp -> {
            if (Character.getType(cp) == Character.CONTROL) {
                out.append(String.format("<U+%04X>", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('」').toString();
    }

    private static String stateWords(TrackingState state) {
        switch (state) {
            case OUT_FOR_DELIVERY:
                return "out-for-delivery";
            case AT_PICKUP_POINT:
                return "pickup-point";
            case DELIVERED:
                return "delivered";
            default:
                return state.name().toLowerCase().replace('_', ' ');
        }
    }

    private static String cityInLeadingBracket(String text) {
        String trimmed = text.strip();
        int close = trimmed.indexOf('】');
        if (!trimmed.startsWith("【") || close < 0) {
            return null;
        }
        return cityPrefix(withoutProvince(trimmed.substring(1, close)));
    }

    private static String withoutProvince(String name) {
        for (String suffix : PROVINCE_SUFFIXES) {
            int at = name.indexOf(suffix);
            if (at > 0 && at + suffix.length() < name.length()) {
                return name.substring(at + suffix.length());
            }
        }
        return name;
    }

    /** The name up to and including its first city suffix, when at least two characters precede it. */
    private static String cityPrefix(String name) {
        int best = -1;
        String bestSuffix = null;
        for (String suffix : CITY_SUFFIXES) {
            int at = name.indexOf(suffix, 2);
            if (at >= 2 && (best < 0 || at < best)) {
                best = at;
                bestSuffix = suffix;
            }
        }
        return best < 0 ? null : name.substring(0, best + bestSuffix.length());
    }

    private static String bareCity(String name) {
        String bare = withoutProvince(name.replaceAll("[\\s\u3000]+", ""));
        for (String suffix : CITY_SUFFIXES) {
            if (bare.endsWith(suffix) && bare.length() > suffix.length()) {
                return bare.substring(0, bare.length() - suffix.length());
            }
        }
        return bare;
    }

    /**
     * Text written in one charset and decoded with another; undone by encoding with the wrong one and decoding
     * strictly with the right one.
     */
    private record Misreading(Charset written, Charset readAs) {

        /** What the text meant, when it is this misreading; else empty. */
        Optional<String> undo(String text) {
            String meant;
            try {
                ByteBuffer bytes = readAs.newEncoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .encode(CharBuffer.wrap(text));
                meant = written.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(bytes)
                        .toString();
            } catch (CharacterCodingException notThisMisreading) {
                return Optional.empty();
            }
            // A strict decoder rarely accepts a real text's bytes by chance; two Han characters and nothing
            // unprintable in the result rule out the chance hits.
            if (meant.equals(text) || hanCount(meant) < 2 || !printable(meant)) {
                return Optional.empty();
            }
            // GBK accepts an ASCII letter as a trail byte, so accented Latin text (Société) can decode to Han by
            // chance; a real misreading of GBK text pairs every non-ASCII character with another.
            if (written.equals(GBK) && nonAscii(text) != 2 * nonAscii(meant)) {
                return Optional.empty();
            }
            return Optional.of(meant);
        }
    }
}
