package io.shipsync.system;

import io.shipsync.infra.testing.TestDatabase;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.SkuSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches for over-showing (超卖风险) for a whole run: every 200 ms, each SKU's stock on the platform against the
 * units inventory-service has available. A platform showing more than that lets buyers order what we do not
 * have; each such sample adds (platform − available) × the time since the previous sample to the over-shown
 * unit-seconds.
 *
 * <p>inventory-service's figures are read first, the platform's right after: buyers only lower the platform's
 * figure, so a buyer ordering between the two reads can hide an over-show for one sample but never invent one.
 * While inventory-service's database cannot be reached nothing can change its figures, so the last ones read
 * stand in for them (counted as held samples).
 */
final class StockSampler implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMillis(200);

    /** The worst sample: when, which SKU, the platform's stock and inventory-service's available units. */
    record OverShow(Instant at, String skuId, long platform, long available) {
        long units() {
            return platform - available;
        }
    }

    /** What the run saw; {@code worst} is the largest over-show of the whole run. */
    record Figures(long samples, long heldSamples, long overShownSamples, double overShownUnitSeconds, OverShow worst) {

        /** What was seen after {@code earlier} was taken. */
        Figures since(Figures earlier) {
            return new Figures(samples - earlier.samples, heldSamples - earlier.heldSamples,
                    overShownSamples - earlier.overShownSamples, overShownUnitSeconds - earlier.overShownUnitSeconds, worst);
        }

        String overShown() {
            return String.format("%d of %d samples over-shown, %.1f unit-seconds", overShownSamples, samples, overShownUnitSeconds);
        }
    }

    private final PlatformSim sim;
    private final String shopId;
    private final String inventoryDatabase;
    private final String warehouseId;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chaos-stock-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private Connection connection;
    private Map<String, Long> lastAvailable;
    private long lastSampleAt;
    private long samples;
    private long heldSamples;
    private long overShownSamples;
    private double overShownUnitSeconds;
    private OverShow worst;

    private StockSampler(PlatformSim sim, String shopId, String inventoryDatabase, String warehouseId) {
        this.sim = sim;
        this.shopId = shopId;
        this.inventoryDatabase = inventoryDatabase;
        this.warehouseId = warehouseId;
    }

    static StockSampler start(PlatformSim sim, String shopId, String inventoryDatabase, String warehouseId) {
        StockSampler sampler = new StockSampler(sim, shopId, inventoryDatabase, warehouseId);
        sampler.scheduler.scheduleAtFixedRate(sampler::sample, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return sampler;
    }

    synchronized Figures figures() {
        return new Figures(samples, heldSamples, overShownSamples, overShownUnitSeconds, worst);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closeConnection();
        }
    }

    private synchronized void sample() {
        try {
            long now = System.nanoTime();
            double seconds = lastSampleAt == 0 ? 0 : (now - lastSampleAt) / 1e9;
            lastSampleAt = now;
            Map<String, Long> available = readAvailable();
            if (available == null) {
                if (lastAvailable == null) {
                    return;
                }
                available = lastAvailable;
                heldSamples++;
            } else {
                lastAvailable = available;
            }
            samples++;
            boolean overShown = false;
            for (ProductSpec product : sim.products(shopId)) {
                for (SkuSpec sku : product.skus()) {
                    Long ours = available.get(sku.skuId());
                    if (ours == null || sku.stock() <= ours) {
                        continue;
                    }
                    overShown = true;
                    OverShow over = new OverShow(Instant.now(), sku.skuId(), sku.stock(), ours);
                    overShownUnitSeconds += over.units() * seconds;
                    if (worst == null || over.units() > worst.units()) {
                        worst = over;
                    }
                }
            }
            if (overShown) {
                overShownSamples++;
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: report and keep sampling.
            ChaosTraffic.log("stock sampler: " + e);
        }
    }

    /** Available units per SKU of the platform's warehouse, or null while the database cannot be reached. */
    private Map<String, Long> readAvailable() {
        try {
            if (connection == null) {
                // Short timeouts: a database going away must cost a sample, not stall the sampler.
                connection = DriverManager.getConnection(TestDatabase.jdbcUrl(inventoryDatabase)
                        + "?connectTimeout=2&socketTimeout=2&ApplicationName=chaos-stock-sampler", TestDatabase.USER, TestDatabase.PASSWORD);
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT sku_id, available FROM stock WHERE shop_id = ? AND warehouse_id = ?")) {
                query.setString(1, shopId);
                query.setString(2, warehouseId);
                Map<String, Long> available = new HashMap<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        available.put(rows.getString("sku_id"), rows.getLong("available"));
                    }
                }
                return available;
            }
        } catch (SQLException unreachable) {
            closeConnection();
            return null;
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }
}
