package io.shipsync.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's own account of its heap, from the unified GC log it writes ({@code -Xlog:gc:file=…}, one line per
 * collection, e.g. {@code GC(12) Pause Young (Normal) (G1 Evacuation Pause) 61M->9M(128M) 2.1ms}): read from a
 * mark, it tells the collections of a phase, the most heap in use when one started (the phase's peak, garbage
 * included, as far as a collection saw it) and the most still in use after one (live data at most).
 */
final class GcLog {

    private static final Pattern PAUSE = Pattern.compile(
            "GC\\(\\d+\\) Pause .*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    /** Collections since the mark; heap figures in bytes, 0 when there was none. */
    record Figures(int collections, long maxBefore, long maxAfter, long committed) {

        static Figures none() {
            return new Figures(0, 0, 0, 0);
        }
    }

    private final Path file;

    GcLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The {@code -Xlog} option that makes a JVM write this log. */
    String option() {
        return "-Xlog:gc:file=" + file.toAbsolutePath();
    }

    /** Where the log ends now: figures are read from here. */
    long mark() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    Figures since(long mark) throws IOException {
        return parse(text(mark));
    }

    /** The log's text from the mark on. */
    String text(long mark) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        String text;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, in.length() - mark)];
            in.seek(mark);
            in.readFully(bytes);
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        return text;
    }

    /** The heap in use after each full collection in the text (a System.gc(), e.g. asked for with jcmd GC.run), in bytes. */
    static List<Long> fullAfters(String text) {
        List<Long> afters = new ArrayList<>();
        Matcher pause = PAUSE.matcher(text);
        while (pause.find()) {
            if (pause.group().contains("Pause Full")) {
                afters.add(bytes(pause.group(3), pause.group(4)));
            }
        }
        return afters;
    }

    static Figures parse(String text) {
        int collections = 0;
        long maxBefore = 0;
        long maxAfter = 0;
        long committed = 0;
        Matcher pause = PAUSE.matcher(text);
        while (pause.find()) {
            collections++;
            maxBefore = Math.max(maxBefore, bytes(pause.group(1), pause.group(2)));
            maxAfter = Math.max(maxAfter, bytes(pause.group(3), pause.group(4)));
            committed = Math.max(committed, bytes(pause.group(5), pause.group(6)));
        }
        return new Figures(collections, maxBefore, maxAfter, committed);
    }

    private static long bytes(String value, String unit) {
        long n = Long.parseLong(value);
        return switch (unit) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            default -> n << 30;
        };
    }
}
