package io.shipsync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time used so far by a service process, by PostgreSQL (every {@code postgres} process: backends, WAL
 * writer, the relay's walsender) and by this JVM (broker, simulator, load generator), read from the OS. The
 * difference of two readings over the wall time between them says which of them kept the cores busy.
 * <p>
 * Read with a database name, PostgreSQL is its background processes and only the backends of that database
 * (other databases' backends, e.g. of tests running beside the benchmark, are left out), and the machine's busy
 * time ({@code /proc/stat}) is read too, so that what else ran meanwhile shows.
 */
record CpuTime(long at, Duration service, Map<Long, Duration> postgres, Duration bench, long machineBusyNanos) {

    /** /proc/stat counts in USER_HZ, 100 a second on Linux. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    static CpuTime now(ProcessHandle service) {
        return now(service, null);
    }

    static CpuTime now(ProcessHandle service, String database) {
        Map<Long, Duration> postgres = new HashMap<>();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(p -> database == null || serves(p, database))
                .forEach(p -> p.info().totalCpuDuration().ifPresent(cpu -> postgres.put(p.pid(), cpu)));
        return new CpuTime(System.nanoTime(), cpu(service), postgres, cpu(ProcessHandle.current()), machineBusy());
    }

    /**
     * Cores kept busy since {@code earlier}, as "service / PostgreSQL / bench JVM". A PostgreSQL process that
     * ended in between is missed; the services' pooled connections and the walsender live on.
     */
    String coresSince(CpuTime earlier) {
        double seconds = (at - earlier.at) / 1e9;
        double[] cpu = secondsSince(earlier);
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", cpu[0] / seconds, cpu[1] / seconds, cpu[2] / seconds);
    }

    /** CPU seconds used since {@code earlier}: service, PostgreSQL, bench JVM. */
    double[] secondsSince(CpuTime earlier) {
        long postgresNanos = postgres.entrySet().stream()
                .mapToLong(e -> e.getValue().minus(earlier.postgres.getOrDefault(e.getKey(), Duration.ZERO)).toNanos()).sum();
        return new double[] {service.minus(earlier.service).toNanos() / 1e9, postgresNanos / 1e9,
                bench.minus(earlier.bench).toNanos() / 1e9};
    }

    /**
     * Cores kept busy since {@code earlier} by everything else on the machine: its busy time less the service,
     * PostgreSQL (as read) and this JVM. Near 0 when nothing ran beside the measurement; negative noise of a few
     * hundredths comes from the OS's coarser counters.
     */
    double otherCoresSince(CpuTime earlier) {
        if (machineBusyNanos < 0 || earlier.machineBusyNanos < 0) {
            return Double.NaN;
        }
        double[] cpu = secondsSince(earlier);
        return ((machineBusyNanos - earlier.machineBusyNanos) / 1e9 - cpu[0] - cpu[1] - cpu[2]) / ((at - earlier.at) / 1e9);
    }

    private static Duration cpu(ProcessHandle process) {
        return process == null ? Duration.ZERO : process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * A backend of {@code database}, or a process serving no client (checkpointer, WAL writer, autovacuum…). A
     * backend's title is {@code postgres: <cluster>: <user> <database> <host>(<port>) <state>}.
     */
    private static boolean serves(ProcessHandle process, String database) {
        String title;
        try {
            title = new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return false;
        }
        boolean client = title.contains("127.0.0.1(") || title.contains("[local]") || title.contains("::1(");
        return !client || title.contains(" " + database + " ");
    }

    /** The machine's busy time (user, nice, system, irq, softirq, steal), or -1 where /proc/stat is not there. */
    private static long machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
