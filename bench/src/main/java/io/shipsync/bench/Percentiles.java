package io.shipsync.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of latencies measured in nanoseconds, reported in milliseconds. */
record Percentiles(int samples, double p50, double p99, double p999, double max) {

    static Percentiles ofNanos(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, millis(rank(sorted, 0.50)), millis(rank(sorted, 0.99)),
                millis(rank(sorted, 0.999)), millis(sorted[sorted.length - 1]));
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
