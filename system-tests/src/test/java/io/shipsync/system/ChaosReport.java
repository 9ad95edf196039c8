package io.shipsync.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The figures of a chaos run, fault by fault, as docs/reliability.md records them. */
final class ChaosReport {

    /** Differences shown per invariant; the count says how many there were. */
    private static final int SHOWN = 10;

    private final ChaosSettings settings;
    private final Instant started = Instant.now();
    private final List<String> faults = new ArrayList<>();
    private int applied;
    private int survived;

    ChaosReport(ChaosSettings settings) {
        this.settings = settings;
    }

    synchronized void recovered(int round, String fault, Duration held, Duration converged, long paid, StockSampler.Figures stock) {
        applied++;
        survived++;
        faults.add(String.format("round %d  %-52s held %3d s  RECOVERED: every invariant held %d s after recovery"
                        + " (orders paid so far: %d; platform stock meanwhile: %s)",
                round, fault, held.toSeconds(), converged.toSeconds(), paid, stock.overShown()));
    }

    synchronized void notRecovered(int round, String fault, Duration held, String why, long paid, StockSampler.Figures stock) {
        applied++;
        faults.add(String.format("round %d  %-52s held %3d s  NOT RECOVERED (orders paid so far: %d; platform stock meanwhile: %s): %s",
                round, fault, held.toSeconds(), paid, stock.overShown(), why.replace("\n", "\n        ")));
    }

    /** The differences of {@link Invariants#differences()}, a few per invariant. */
    static String describe(Map<String, List<String>> differences) {
        StringBuilder text = new StringBuilder();
        differences.forEach((invariant, what) -> {
            text.append("\n").append(invariant).append(": ").append(what.size()).append(" difference(s)");
            what.stream().limit(SHOWN).forEach(d -> text.append("\n  - ").append(d));
            if (what.size() > SHOWN) {
                text.append("\n  - … and ").append(what.size() - SHOWN).append(" more");
            }
        });
        return text.toString();
    }

    /** Writes the report (and returns it) with the run's closing figures. */
    synchronized String write(Path file, long paid, long declared, long drifts, String lost, StockSampler.Figures stock) {
        StringBuilder text = new StringBuilder()
                .append("ChaosIT: ").append(settings).append("; started ").append(started.truncatedTo(ChronoUnit.SECONDS))
                .append(", ran ").append(Duration.between(started, Instant.now()).toMinutes()).append(" min\n");
        faults.forEach(line -> text.append(line).append("\n"));
        text.append("faults survived: ").append(survived).append(" of ").append(applied).append("\n")
                .append("orders: ").append(paid).append(" paid on the platform, ").append(declared)
                .append(" declared through order-service, ").append(drifts).append(" planted drifts, lost (not in order-service at the end): ")
                .append(lost).append("\n")
                .append(String.format("platform stock vs inventory-service's available: %d samples every %d ms (%d held while inventory-service's"
                                + " database was unreachable), %d over-shown, %.1f over-shown unit-seconds%s%n",
                        stock.samples(), StockSampler.INTERVAL.toMillis(), stock.heldSamples(), stock.overShownSamples(),
                        stock.overShownUnitSeconds(), stock.worst() == null ? "" : "; worst: SKU " + stock.worst().skuId() + " showed "
                                + stock.worst().platform() + " with " + stock.worst().available() + " available at " + stock.worst().at()));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
