package io.shipsync.inventory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.Session;

/** Rows of {@code stock_thresholds}: a shop's settings ({@code sku_id} null) and its SKUs' own. */
@ApplicationScoped
public class ThresholdRepository {

    private static final String SELECT = """
            SELECT first_warning, second_warning, third_warning, freeze_level, safety_window_days, safety_factor, sku_id
            FROM stock_thresholds\s""";

    private final Session session;

    ThresholdRepository(Session session) {
        this.session = session;
    }

    /** The SKU's own settings, else its shop's. */
    public Optional<Thresholds.Effective> ofSku(String shopId, String skuId) {
        return session.createNativeQuery(SELECT + """
                        WHERE shop_id = ?1 AND (sku_id = ?2 OR sku_id IS NULL) ORDER BY sku_id NULLS LAST LIMIT 1""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, skuId)
                .getResultList().stream().findFirst().map(ThresholdRepository::effective);
    }

    public Optional<Thresholds.Effective> ofShop(String shopId) {
        return session.createNativeQuery(SELECT + "WHERE shop_id = ?1 AND sku_id IS NULL", Tuple.class)
                .setParameter(1, shopId).getResultList().stream().findFirst().map(ThresholdRepository::effective);
    }

    /** Sets the SKU's settings ({@code skuId} given) or the shop's (null). */
    public void save(String shopId, String skuId, Thresholds.Levels levels, String by, Instant at) {
        session.createNativeQuery("""
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
                .setParameter(9, at).setParameter(10, by)
                .executeUpdate();
    }

    public void delete(String shopId, String skuId) {
        session.createNativeQuery("DELETE FROM stock_thresholds WHERE shop_id = ?1 AND sku_id = ?2")
                .setParameter(1, shopId).setParameter(2, skuId).executeUpdate();
    }

    private static Thresholds.Effective effective(Tuple r) {
        Thresholds.Levels levels = new Thresholds.Levels(r.get("first_warning", Integer.class),
                r.get("second_warning", Integer.class), r.get("third_warning", Integer.class), r.get("freeze_level", Integer.class),
                r.get("safety_window_days", Integer.class), r.get("safety_factor", BigDecimal.class).doubleValue());
        Thresholds.Source source = r.get("sku_id", String.class) == null ? Thresholds.Source.SHOP : Thresholds.Source.SKU;
        return new Thresholds.Effective(levels, source);
    }
}
