package io.shipsync.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shipsync.labels.Label;
import io.shipsync.labels.LabelFont;
import io.shipsync.labels.LabelWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * LogisticsBenchmark's label baseline, run by it as a child JVM of its own (so that its heap is the writer's alone,
 * not shared with the broker and platform-sim): the labels module by itself writing the labels of a print run to a
 * stream that only counts, the same labels logistics-service rendered, read from a JSON file. One cold run (the font
 * loaded first), then {@code runs} measured ones; the heap in use after a GC before them ({@code idle}: the labels
 * read), and over them all heap pools' peak and the GC log's figures. Prints one line of {@code key=value} figures for
 * the parent to read. Last, the live heap (after a full GC) with no run open and half-way through one.
 * <p>
 * Arguments: the labels file (a JSON array of {@link Label}), the measured runs, this JVM's GC log (its
 * {@code -Xlog:gc:file=}).
 */
public final class LabelsBaseline {

    static final String PREFIX = "LABELS-BASELINE ";

    private LabelsBaseline() {
    }

    public static void main(String[] args) throws IOException {
        List<Label> labels = new ObjectMapper().readValue(Path.of(args[0]).toFile(), new TypeReference<List<Label>>() {
        });
        int runs = Integer.parseInt(args[1]);
        GcLog gc = new GcLog(Path.of(args[2]));
        // Measured from here: the cold run (the font loaded, as logistics-service's Labels loads it on first use) and
        // the timed runs, as the service's figures cover its cold and timed downloads.
        long idle = heapAfterGc();
        long mark = gc.mark();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long coldStart = System.nanoTime();
        LabelFont font = LabelFont.standard();
        long bytes = write(labels, font);
        double coldSeconds = (System.nanoTime() - coldStart) / 1e9;
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            bytes = write(labels, font);
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        long poolPeak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        GcLog.Figures collections = gc.since(mark);
        long[] retained = retainedHalfWay(labels, font);
        System.out.println(PREFIX + String.format(Locale.ROOT,
                "labels=%d cold=%.4f seconds=%s bytes=%d idle=%d poolPeak=%d gcs=%d gcMaxBefore=%d gcMaxAfter=%d max=%d "
                        + "liveBefore=%d liveHalfWay=%d",
                labels.size(), coldSeconds, seconds.stream().map(s -> String.format(Locale.ROOT, "%.4f", s))
                        .collect(Collectors.joining(",")), bytes, idle, poolPeak, collections.collections(),
                collections.maxBefore(), collections.maxAfter(), Runtime.getRuntime().maxMemory(), retained[0], retained[1]));
    }

    /**
     * Heap in use after a full GC with the font loaded and no run open, and half-way through one more run: what a
     * run holds while it renders, as LogisticsBenchmark measures it in the service.
     */
    private static long[] retainedHalfWay(List<Label> labels, LabelFont font) throws IOException {
        long before = heapAfterGc();
        long halfWay = 0;
        try (LabelWriter writer = LabelWriter.open(new CountingSink(), font, labels.size())) {
            for (int i = 0; i < labels.size(); i++) {
                writer.add(labels.get(i));
                if (i == labels.size() / 2 - 1) {
                    halfWay = heapAfterGc();
                }
            }
        }
        return new long[] {before, halfWay};
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long write(List<Label> labels, LabelFont font) throws IOException {
        CountingSink sink = new CountingSink();
        try (LabelWriter writer = LabelWriter.open(sink, font, labels.size())) {
            for (Label label : labels) {
                writer.add(label);
            }
        }
        return sink.count;
    }

    /** Counts what a client would receive; keeps nothing. */
    static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
