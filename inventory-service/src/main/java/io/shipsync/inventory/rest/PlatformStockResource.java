package io.shipsync.inventory.rest;

import io.shipsync.eventing.http.ProblemException;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.inventory.config.InventoryConfig;
import io.shipsync.inventory.platform.PlatformStock;
import io.shipsync.inventory.platform.StockReconciler;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The platform's side of a shop's stock: what each SKU should show there, what we last saw, pushes and reconciliations. */
@Path("/api/shops/{shopId}/platform-stock")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "platform stock")
@SecurityRequirement(name = "jwt")
public class PlatformStockResource {

    private final EntityManager entityManager;
    private final PlatformStock platformStock;
    private final StockReconciler reconciler;
    private final InventoryConfig config;
    private final ShopAccess access;

    PlatformStockResource(EntityManager entityManager, PlatformStock platformStock, StockReconciler reconciler,
                          InventoryConfig config, ShopAccess access) {
        this.entityManager = entityManager;
        this.platformStock = platformStock;
        this.reconciler = reconciler;
        this.config = config;
        this.access = access;
    }

    /**
     * One SKU: {@code shouldShow} is what the platform's stock must equal (available less what unpaid orders
     * hold there ({@code heldUnpaid}), or 0 while frozen);
     * {@code believed} what we take it to show, {@code seenStock} what the last reconciliation read;
     * {@code due} a push is waiting or in flight.
     */
    public record SkuView(String skuId, String productId, long available, long heldUnpaid, boolean frozen, long shouldShow,
                          Long believed,
                          Long seenStock, Instant seenAt, Boolean matched, boolean due, long pushes, Instant lastPushedAt,
                          Integer attempts, Instant nextAttempt, Integer lastErrcode, String lastError) {
    }

    /** The shop's platform stock at a glance, with the accuracy of the last reconciliation. */
    public record ShopView(String shopId, BigDecimal accuracy, StockReconciler.Run lastReconciliation, List<SkuView> skus) {
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public ShopView get(@PathParam("shopId") String shopId) {
        access.require(shopId);
        StockReconciler.Run last = reconciler.runs(shopId, 1).stream().findFirst().orElse(null);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT s.sku_id, s.product_id, s.on_hand, s.reserved, s.frozen, p.believed, p.seen_stock, p.seen_at, p.matched,
                       coalesce(p.due OR p.claimed_until IS NOT NULL, true), coalesce(p.pushes, 0), p.last_pushed_at,
                       p.attempts, p.next_attempt, p.last_errcode, p.last_error, coalesce(p.held_unpaid, 0)
                FROM stock s LEFT JOIN platform_stock p ON p.shop_id = s.shop_id AND p.sku_id = s.sku_id
                WHERE s.shop_id = ?1 AND s.warehouse_id = ?2 ORDER BY s.sku_id""")
                .setParameter(1, shopId).setParameter(2, config.defaultWarehouse()).getResultList();
        List<SkuView> skus = rows.stream().map(r -> {
            long available = ((Number) r[2]).longValue() - ((Number) r[3]).longValue();
            boolean frozen = (Boolean) r[4];
            long held = ((Number) r[16]).longValue();
            return new SkuView((String) r[0], (String) r[1], available, held, frozen, platformStock.shouldShow(available, frozen, held),
                    toLong(r[5]), toLong(r[6]), (Instant) r[7], (Boolean) r[8], (Boolean) r[9], ((Number) r[10]).longValue(),
                    (Instant) r[11], r[12] == null ? null : ((Number) r[12]).intValue(), (Instant) r[13],
                    r[14] == null ? null : ((Number) r[14]).intValue(), (String) r[15]);
        }).toList();
        return new ShopView(shopId, last == null ? null : last.accuracy(), last, skus);
    }

    @GET
    @Path("/reconciliations")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public List<StockReconciler.Run> runs(@PathParam("shopId") String shopId,
                                          @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(500) int limit) {
        access.require(shopId);
        return reconciler.runs(shopId, limit);
    }

    /** Reconciles the shop now instead of waiting for the interval. */
    @POST
    @Path("/reconciliations")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public StockReconciler.Run reconcile(@PathParam("shopId") String shopId) {
        access.require(shopId);
        if (!config.platform().enabled()) {
            throw ProblemException.conflict("Platform stock sync is switched off (shipsync.inventory.platform.enabled).");
        }
        return reconciler.reconcile(shopId).orElseThrow(() ->
                ProblemException.conflict("Shop " + shopId + " is being reconciled right now; try again when it ends."));
    }

    private static Long toLong(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}
