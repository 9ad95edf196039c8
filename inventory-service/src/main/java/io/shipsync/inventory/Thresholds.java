package io.shipsync.inventory;

import io.shipsync.events.StockLevel;
import io.shipsync.inventory.config.InventoryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * 库存预警: the three warning levels, the freeze level and the safety-stock settings of a SKU. A SKU's own
 * settings win over its shop's, which win over {@code shipsync.inventory.thresholds.*}. New settings
 * apply from the SKU's next movement.
 */
@ApplicationScoped
public class Thresholds {

    /** Where effective settings came from. */
    public enum Source { SKU, SHOP, DEFAULT }

    /**
     * A complete set of settings.
     *
     * @param firstWarning     available below this is BELOW_FIRST_WARNING (30)
     * @param secondWarning    below this BELOW_SECOND_WARNING (20)
     * @param thirdWarning     below this BELOW_THIRD_WARNING (10); none left is OUT
     * @param freezeLevel      available below this freezes the SKU for sale (20; 0 never freezes)
     * @param safetyWindowDays days of committed sales averaged for the safety stock (7)
     * @param safetyFactor     safety stock = average daily sales × this (1.5)
     */
    public record Levels(int firstWarning, int secondWarning, int thirdWarning, int freezeLevel,
                         int safetyWindowDays, double safetyFactor) {

        public StockLevel levelOf(long available) {
            if (available <= 0) {
                return StockLevel.OUT;
            }
            if (available < thirdWarning) {
                return StockLevel.BELOW_THIRD_WARNING;
            }
            if (available < secondWarning) {
                return StockLevel.BELOW_SECOND_WARNING;
            }
            return available < firstWarning ? StockLevel.BELOW_FIRST_WARNING : StockLevel.OK;
        }

        /** The threshold whose crossing leads into {@code level}; null for OK and OUT. */
        public Integer thresholdOf(StockLevel level) {
            return switch (level) {
                case BELOW_FIRST_WARNING -> firstWarning;
                case BELOW_SECOND_WARNING -> secondWarning;
                case BELOW_THIRD_WARNING -> thirdWarning;
                case OK, OUT -> null;
            };
        }

        public boolean freezes(long available) {
            return available < freezeLevel;
        }
    }

    /** The settings that apply, and their source. */
    public record Effective(Levels levels, Source source) {
    }

    private final ThresholdRepository repository;
    private final InventoryConfig config;
    private final Clock clock;

    Thresholds(ThresholdRepository repository, InventoryConfig config, Clock clock) {
        this.repository = repository;
        this.config = config;
        this.clock = clock;
    }

    /** The SKU's settings, or its shop's, or the configured defaults. */
    public Effective of(String shopId, String skuId) {
        return repository.ofSku(shopId, skuId).orElseGet(this::defaults);
    }

    /** The shop's settings, or the configured defaults. */
    public Effective ofShop(String shopId) {
        return repository.ofShop(shopId).orElseGet(this::defaults);
    }

    /** Sets the SKU's settings ({@code skuId} given) or the shop's (null). */
    @Transactional
    public Effective set(String shopId, String skuId, Levels levels, String by) {
        if (!(levels.firstWarning() > levels.secondWarning() && levels.secondWarning() > levels.thirdWarning())) {
            throw new InvalidThresholds(levels);
        }
        repository.save(shopId, skuId, levels, by, clock.instant());
        return new Effective(levels, skuId == null ? Source.SHOP : Source.SKU);
    }

    /** Removes the SKU's own settings: it follows its shop's again. */
    @Transactional
    public Effective clear(String shopId, String skuId) {
        repository.delete(shopId, skuId);
        return of(shopId, skuId);
    }

    private Effective defaults() {
        InventoryConfig.Defaults d = config.thresholds();
        return new Effective(new Levels(d.firstWarning(), d.secondWarning(), d.thirdWarning(), d.freezeLevel(),
                d.safetyWindowDays(), d.safetyFactor()), Source.DEFAULT);
    }
}
