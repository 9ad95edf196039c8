package io.shipsync.inventory.rest;

import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.inventory.config.InventoryConfig;
import io.shipsync.inventory.platform.PlatformStock;
import io.shipsync.inventory.platform.PlatformStockRepository;
import io.shipsync.inventory.platform.StockReconciler;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
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

    private final PlatformStockRepository repository;
    private final PlatformStock platformStock;
    private final StockReconciler reconciler;
    private final InventoryConfig config;
    private final ShopAccess access;

    PlatformStockResource(PlatformStockRepository repository, PlatformStock platformStock, StockReconciler reconciler,
                          InventoryConfig config, ShopAccess access) {
        this.repository = repository;
        this.platformStock = platformStock;
        this.reconciler = reconciler;
        this.config = config;
        this.access = access;
    }

    /**
     * One SKU: {@code shouldShow} is what the platform's stock must equal (available less what unpaid orders
     * hold there ({@code heldUnpaid}), or 0 while frozen);
     * {@code believed} what we take it to show, {@code seenStock} what the last reconciliation read;
     * {@code due} a push is waiting or in flight, its {@code attempts} so far and {@code nextAttempt} (from the
     * push's work item); {@code overshownUnitSeconds} how long and by how much the platform was seen showing more
     * than it should (an estimate, see the README).
     */
    public record SkuView(String skuId, String productId, long available, long heldUnpaid, boolean frozen, long shouldShow,
                          Long believed,
                          Long seenStock, Instant seenAt, Boolean matched, boolean due, long pushes, Instant lastPushedAt,
                          Integer attempts, Instant nextAttempt, Integer lastErrcode, String lastError,
                          double overshownUnitSeconds) {
    }

    /**
     * The shop's platform stock at a glance: the accuracy of the last finished reconciliation, and the over-shown
     * unit-seconds of its SKUs together.
     */
    public record ShopView(String shopId, BigDecimal accuracy, StockReconciler.Run lastReconciliation,
                           double overshownUnitSeconds, List<SkuView> skus) {
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public ShopView get(@PathParam("shopId") String shopId) {
        access.require(shopId);
        StockReconciler.Run last = repository.lastFinished(shopId).orElse(null);
        List<SkuView> skus = repository.ofShop(shopId, config.defaultWarehouse()).stream()
                .map(s -> new SkuView(s.skuId(), s.productId(), s.available(), s.heldUnpaid(), s.frozen(),
                        platformStock.shouldShow(s.available(), s.frozen(), s.heldUnpaid()), s.believed(), s.seenStock(),
                        s.seenAt(), s.matched(), s.due(), s.pushes(), s.lastPushedAt(), s.attempts(), s.nextAttempt(),
                        s.lastErrcode(), s.lastError(), s.overshownUnitSeconds()))
                .toList();
        return new ShopView(shopId, last == null ? null : last.accuracy(), last,
                skus.stream().mapToDouble(SkuView::overshownUnitSeconds).sum(), skus);
    }

    /** Runs, newest first, the one in progress included. */
    @GET
    @Path("/reconciliations")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public List<StockReconciler.Run> runs(@PathParam("shopId") String shopId,
                                          @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(500) int limit) {
        access.require(shopId);
        return repository.runs(shopId, limit);
    }

    /** One run: RUNNING, then FINISHED with its figures or FAILED with the reason. */
    @GET
    @Path("/reconciliations/{runId}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public StockReconciler.Run run(@PathParam("shopId") String shopId, @PathParam("runId") long runId) {
        access.require(shopId);
        return reconciler.run(shopId, runId);
    }

    /**
     * Starts a reconciliation of the shop now instead of waiting for the interval: 202 with the run (RUNNING) and
     * its address; 409 while another runs.
     */
    @POST
    @Path("/reconciliations")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Response reconcile(@PathParam("shopId") String shopId, @Context UriInfo uri) {
        access.require(shopId);
        StockReconciler.Run run = reconciler.start(shopId);
        return Response.accepted(run).location(uri.getAbsolutePathBuilder().path(Long.toString(run.id())).build()).build();
    }
}
