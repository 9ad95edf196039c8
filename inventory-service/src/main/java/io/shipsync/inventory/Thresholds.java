package io.shipsync.inventory;

import io.shipsync.eventing.http.ProblemException;
import io.shipsync.events.StockLevel;
import io.shipsync.inventory.config.InventoryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;

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

    private final EntityManager entityManager;
    private final InventoryConfig config;
    private final Clock clock;

    Thresholds(EntityManager entityManager, InventoryConfig config, Clock clock) {
        this.entityManager = entityManager;
        this.config = config;
        this.clock = clock;
    }

    /** The SKU's settings, or its shop's, or the configured defaults. */
    public Effective of(String shopId, String skuId) {
        return find("shop_id = ?1 AND (sku_id = ?2 OR sku_id IS NULL)", shopId, skuId);
    }

    /** The shop's settings, or the configured defaults. */
    public Effective ofShop(String shopId) {
        return find("shop_id = ?1 AND sku_id IS NULL", shopId);
    }

    private Effective find(String where, Object... parameters) {
        var query = entityManager.createNativeQuery("""
                SELECT first_warning, second_warning, third_warning, freeze_level, safety_window_days, safety_factor, sku_id
                FROM stock_thresholds WHERE %s ORDER BY sku_id NULLS LAST LIMIT 1""".formatted(where));
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        if (rows.isEmpty()) {
            return new Effective(defaults(), Source.DEFAULT);
        }
        Object[] r = rows.get(0);
        return new Effective(new Levels(((Number) r[0]).intValue(), ((Number) r[1]).intValue(),
                ((Number) r[2]).intValue(), ((Number) r[3]).intValue(), ((Number) r[4]).intValue(),
                ((BigDecimal) r[5]).doubleValue()), r[6] == null ? Source.SHOP : Source.SKU);
    }

    /** Sets the SKU's settings ({@code skuId} given) or the shop's (null). */
    @Transactional
    public Effective set(String shopId, String skuId, Levels levels, String by) {
        if (!(levels.firstWarning() > levels.secondWarning() && levels.secondWarning() > levels.thirdWarning())) {
            throw ProblemException.badRequest("Warning levels must decrease: firstWarning > secondWarning > thirdWarning (got "
                    + levels.firstWarning() + ", " + levels.secondWarning() + ", " + levels.thirdWarning() + ").");
        }
        entityManager.createNativeQuery("""
                INSERT INTO stock_thresholds (shop_id, sku_id, first_warning, second_warning, third_warning, freeze_level,
                                              safety_window_days, safety_factor, updated_at, updated_by)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                ON CONFLICT ON CONSTRAINT stock_thresholds_scope DO UPDATE SET
                  first_warning = EXCLUDED.first_warning, second_warning = EXCLUDED.second_warning,
                  third_warning = EXCLUDED.third_warning, freeze_level = EXCLUDED.freeze_level,
                  safety_window_days = EXCLUDED.safety_window_days, safety_factor = EXCLUDED.safety_factor,
                  updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by""")
                .setParameter(1, shopId).setParameter(2, skuId)
                .setParameter(3, levels.firstWarning()).setParameter(4, levels.secondWarning())
                .setParameter(5, levels.thirdWarning()).setParameter(6, levels.freezeLevel())
                .setParameter(7, levels.safetyWindowDays()).setParameter(8, BigDecimal.valueOf(levels.safetyFactor()))
                .setParameter(9, clock.instant()).setParameter(10, by)
                .executeUpdate();
        return new Effective(levels, skuId == null ? Source.SHOP : Source.SKU);
    }

    /** Removes the SKU's own settings: it follows its shop's again. */
    @Transactional
    public Effective clear(String shopId, String skuId) {
        entityManager.createNativeQuery("DELETE FROM stock_thresholds WHERE shop_id = ?1 AND sku_id = ?2")
                .setParameter(1, shopId).setParameter(2, skuId).executeUpdate();
        return of(shopId, skuId);
    }

    private Levels defaults() {
        InventoryConfig.Defaults d = config.thresholds();
        return new Levels(d.firstWarning(), d.secondWarning(), d.thirdWarning(), d.freezeLevel(), d.safetyWindowDays(),
                d.safetyFactor());
    }
}
