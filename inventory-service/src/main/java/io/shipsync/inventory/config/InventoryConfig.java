package io.shipsync.inventory.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** inventory-service's own settings ({@code shipsync.inventory.*}). */
@ConfigMapping(prefix = "shipsync.inventory")
public interface InventoryConfig {

    /** The warehouse orders reserve from and API calls default to when they name none. */
    @WithDefault("default")
    String defaultWarehouse();

    /** Levels for SKUs whose shop and SKU have set none through the API. */
    Defaults thresholds();

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
