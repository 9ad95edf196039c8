package io.shipsync.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time used so far by a service process, by PostgreSQL (every {@code postgres} process: backends, WAL
 * writer, the relay's walsender) and by this JVM (broker, simulator, load generator), read from the OS. The
 * difference of two readings over the wall time between them says which of them kept the cores busy.
 */
record CpuTime(long at, Duration service, Map<Long, Duration> postgres, Duration bench) {

    static CpuTime now(ProcessHandle service) {
        Map<Long, Duration> postgres = new HashMap<>();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .forEach(p -> p.info().totalCpuDuration().ifPresent(cpu -> postgres.put(p.pid(), cpu)));
        return new CpuTime(System.nanoTime(), cpu(service), postgres, cpu(ProcessHandle.current()));
    }

    /**
     * Cores kept busy since {@code earlier}, as "service / PostgreSQL / bench JVM". A PostgreSQL process that
     * ended in between is missed; the services' pooled connections and the walsender live on.
     */
    String coresSince(CpuTime earlier) {
        double seconds = (at - earlier.at) / 1e9;
        long postgresNanos = postgres.entrySet().stream()
                .mapToLong(e -> e.getValue().minus(earlier.postgres.getOrDefault(e.getKey(), Duration.ZERO)).toNanos()).sum();
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", service.minus(earlier.service).toNanos() / 1e9 / seconds,
                postgresNanos / 1e9 / seconds, bench.minus(earlier.bench).toNanos() / 1e9 / seconds);
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }
}
