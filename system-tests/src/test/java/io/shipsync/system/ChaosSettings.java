package io.shipsync.system;

import java.time.Duration;
import java.util.Set;

/**
 * How long and how hard a chaos run goes, from system properties so CI runs a short variant and a soak
 * run a long one with the same code:
 *
 * <ul>
 *   <li>{@code chaos.rounds} (1): how many times every fault is applied;
 *   <li>{@code chaos.fault-seconds} (20): how long a service stays dead, a database refuses connections, the
 *       broker or the platform stays down (the soak uses 60);
 *   <li>{@code chaos.orders-per-second} (2): paid orders the buyer places on the platform, fault or not;
 *   <li>{@code chaos.faults} (all): a comma-separated choice of faults by key, e.g. {@code broker-stop,platform-down},
 *       to look into one of them.
 * </ul>
 */
record ChaosSettings(int rounds, Duration faultDuration, double ordersPerSecond, Set<String> faults) {

    ChaosSettings {
        if (rounds < 1 || faultDuration.isNegative() || faultDuration.isZero() || ordersPerSecond <= 0) {
            throw new IllegalArgumentException("chaos.rounds >= 1, chaos.fault-seconds > 0 and chaos.orders-per-second > 0");
        }
        faults = Set.copyOf(faults);
    }

    static ChaosSettings fromSystemProperties() {
        String faults = System.getProperty("chaos.faults", "").strip();
        return new ChaosSettings(
                Integer.parseInt(System.getProperty("chaos.rounds", "1")),
                Duration.ofSeconds(Long.parseLong(System.getProperty("chaos.fault-seconds", "20"))),
                Double.parseDouble(System.getProperty("chaos.orders-per-second", "2")),
                faults.isEmpty() ? Set.of() : Set.of(faults.split("\\s*,\\s*")));
    }

    /** Whether the fault with this key is applied: all are, unless {@code chaos.faults} names some. */
    boolean applies(String faultKey) {
        return faults.isEmpty() || faults.contains(faultKey);
    }

    Duration orderInterval() {
        return Duration.ofNanos((long) (1_000_000_000L / ordersPerSecond));
    }

    @Override
    public String toString() {
        return rounds + " round(s), faults held " + faultDuration.toSeconds() + " s, " + ordersPerSecond + " paid orders/s"
                + (faults.isEmpty() ? "" : ", faults " + String.join(",", faults.stream().sorted().toList()));
    }
}
