package io.shipsync.labels;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Label pages rendered per second, and the heap a run takes, for one print run (1,000 labels by default) written to
 * a stream that only counts. Run by hand, in a JVM of its own (command in README.md); prints a Markdown table.
 * {@code -Dbench.labels} (1000), {@code -Dbench.runs} measured runs after a cold and a warm-up run (5).
 */
public final class LabelBenchmark {

    private LabelBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int labels = Integer.getInteger("bench.labels", 1_000);
        int runs = Integer.getInteger("bench.runs", 5);
        if (labels < 2 || runs < 1) {
            throw new IllegalArgumentException("bench.labels must be at least 2 and bench.runs at least 1");
        }
        LabelFont font = LabelFont.standard();
        // Built beforehand so the timing is the writer's alone.
        List<Label> run = IntStream.range(0, labels).mapToObj(Fixtures::label).toList();

        long coldStart = System.nanoTime();
        write(run, font);
        double coldSeconds = (System.nanoTime() - coldStart) / 1e9;
        write(run, font);
        List<Double> pagesPerSecond = new ArrayList<>();
        long bytes = 0;
        long peakHeap = 0;
        for (int i = 0; i < runs; i++) {
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            bytes = write(run, font);
            pagesPerSecond.add(labels / ((System.nanoTime() - start) / 1e9));
            peakHeap = Math.max(peakHeap, heapPoolPeaks());
        }
        pagesPerSecond.sort(null);
        long[] retained = retainedWhileWriting(labels, font);

        Runtime runtime = Runtime.getRuntime();
        System.out.printf("LabelBenchmark: %,d labels per run, %d measured runs; Java %s, %d cores, max heap %,d MiB%n%n",
                labels, runs, System.getProperty("java.version"), runtime.availableProcessors(), runtime.maxMemory() >> 20);
        System.out.println("| Figure | Value |");
        System.out.println("|---|---:|");
        System.out.printf("| pages/s, median (min–max) | %,.0f (%,.0f–%,.0f) |%n",
                pagesPerSecond.get(runs / 2), pagesPerSecond.get(0), pagesPerSecond.get(runs - 1));
        System.out.printf("| first run in a fresh JVM (classes loading, code not yet compiled) | %.2f s |%n", coldSeconds);
        System.out.printf("| PDF size | %,d B (%,d B per page) |%n", bytes, bytes / labels);
        System.out.printf("| peak heap used during a run (all heap pools' peaks, garbage included) | %.1f MiB |%n",
                peakHeap / 1048576.0);
        System.out.printf("| heap retained after GC, at label 1 / %,d / %,d of the run | %,d / %,d / %,d KiB |%n",
                labels / 2, labels, retained[0] >> 10, retained[1] >> 10, retained[2] >> 10);
    }

    private static long write(List<Label> run, LabelFont font) throws IOException {
        CountingSink sink = new CountingSink();
        try (LabelWriter writer = LabelWriter.open(sink, font, run.size())) {
            for (Label label : run) {
                writer.add(label);
            }
        }
        return sink.count;
    }

    /**
     * Heap in use after a full GC, less what was in use before the writer opened, after the first label, half-way and
     * after the last: flat figures mean a run's pages are not kept. The labels are made one at a time here, so they
     * are not counted.
     */
    private static long[] retainedWhileWriting(int labels, LabelFont font) throws IOException {
        long before = heapAfterGc();
        long[] retained = new long[3];
        try (LabelWriter writer = LabelWriter.open(new CountingSink(), font, labels)) {
            for (int i = 0; i < labels; i++) {
                writer.add(Fixtures.label(i));
                if (i == 0) {
                    retained[0] = heapAfterGc() - before;
                } else if (i == labels / 2 - 1) {
                    retained[1] = heapAfterGc() - before;
                } else if (i == labels - 1) {
                    retained[2] = heapAfterGc() - before;
                }
            }
        }
        return retained;
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long heapPoolPeaks() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    private static final class CountingSink extends OutputStream {
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
