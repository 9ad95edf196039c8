package io.shipsync.inventory.config;

import io.shipsync.events.FreezePolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** inventory-service's own settings ({@code shipsync.inventory.*}). */
@ConfigMapping(prefix = "shipsync.inventory")
public interface InventoryConfig {

    /** The warehouse orders reserve from and API calls default to when they name none. */
    @WithDefault("default")
    String defaultWarehouse();

    /** Levels for SKUs whose shop and SKU have set none through the API. */
    Defaults thresholds();

    /** Keeping the platform's stock equal to ours ({@code shipsync.inventory.platform.*}). */
    Platform platform();

    /** Platform stock sync: pushes, their pacing, and the full reconciliation. */
    interface Platform {

        /** Off: stock is kept here only and nothing is pushed or reconciled. */
        @WithDefault("true")
        boolean enabled();

        /** A change waits this long for the rest of its burst, so a burst becomes one push. */
        @WithDefault("200ms")
        Duration coalesce();

        /**
         * How often the push queue looks for due pushes besides being woken by each commit: a coalesced push
         * or a retry waits for it. The default of {@code shipsync.work.platform-stock.poll-interval}.
         */
        @WithDefault("100ms")
        Duration pushPollInterval();

        /**
         * SKUs pushed at the same time per replica (each is one platform call in flight). The default of
         * {@code shipsync.work.platform-stock.workers}.
         */
        @WithDefault("4")
        int pushWorkers();

        /**
         * First wait after 10020112 (更新该sku库存频率超限) or a transient error; doubles per attempt. The default of
         * {@code shipsync.work.platform-stock.backoff}.
         */
        @WithDefault("1s")
        Duration backoff();

        /**
         * Longest wait between attempts of one SKU, and the wait of a shop without a WeChat Shop account. The default
         * of {@code shipsync.work.platform-stock.max-backoff}.
         */
        @WithDefault("60s")
        Duration maxBackoff();

        /** Full comparison of every SKU with the platform. */
        @WithDefault("5m")
        Duration reconcileInterval();

        /**
         * An upward difference (the platform shows fewer than it should) is read again after this before it is
         * corrected, so an order the platform has taken but whose event is still on its way here is not
         * mistaken for drift. Downward differences are corrected at once.
         */
        @WithDefault("2s")
        Duration settle();

        /**
         * How far back the platform's orders are looked at before stock is corrected upward: units of orders it
         * took in this window that have not reached us yet explain a platform showing fewer than it should.
         */
        @WithDefault("15m")
        Duration intakeLagWindow();

        /**
         * How long a reconciliation waits for this service's consumer of {@code shipsync.order} to handle every
         * order event published before it looked; past it, no stock is corrected upward in that run.
         */
        @WithDefault("10s")
        Duration intakeCatchUp();

        /** What freezing a SKU does on the platform. */
        @WithDefault("PLATFORM_ZERO")
        FreezePolicy freezePolicy();
    }

    /** Default warning, freeze and safety-stock settings. */
    interface Defaults {

        /** Available below this is BELOW_FIRST_WARNING. */
        @WithDefault("30")
        int firstWarning();

        @WithDefault("20")
        int secondWarning();

        @WithDefault("10")
        int thirdWarning();

        /** Available below this freezes the SKU for sale (0 never freezes). */
        @WithDefault("20")
        int freezeLevel();

        /** Days of committed sales the safety stock averages over. */
        @WithDefault("7")
        int safetyWindowDays();

        /** Safety stock = average daily sales × this. */
        @WithDefault("1.5")
        double safetyFactor();
    }
}
