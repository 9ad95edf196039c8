package io.shipsync.inventory.rest;

import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.http.ProblemException;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.events.StockLevel;
import io.shipsync.inventory.Stock;
import io.shipsync.inventory.StockAdjustments;
import io.shipsync.inventory.StockKey;
import io.shipsync.inventory.StockLedger;
import io.shipsync.inventory.StockRepository;
import io.shipsync.inventory.StockSignals;
import io.shipsync.inventory.Thresholds;
import io.shipsync.inventory.config.InventoryConfig;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A SKU's stock (库存), its ledger, its crossings, and the adjustments and stocktakes people make. */
@Path("/api/shops/{shopId}/skus/{skuId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "stock")
@SecurityRequirement(name = "jwt")
public class StockResource {

    private final StockRepository stockRepository;
    private final StockSignals signals;
    private final StockAdjustments adjustments;
    private final Thresholds thresholds;
    private final InventoryConfig config;
    private final ShopAccess access;
    private final JsonWebToken caller;

    StockResource(StockRepository stockRepository, StockSignals signals, StockAdjustments adjustments, Thresholds thresholds,
                  InventoryConfig config, ShopAccess access, JsonWebToken caller) {
        this.stockRepository = stockRepository;
        this.signals = signals;
        this.adjustments = adjustments;
        this.thresholds = thresholds;
        this.config = config;
        this.access = access;
        this.caller = caller;
    }

    /**
     * Units moved by hand. {@code create} with {@code productId} receives a SKU not yet stocked in the
     * warehouse (its first INCREASE); {@code warehouseId} defaults to the configured warehouse.
     */
    public record AdjustmentRequest(@NotNull StockAdjustments.Direction direction,
                                    @NotNull @Positive @Max(Stock.MAX_ON_HAND) Integer quantity,
                                    @NotBlank @Size(max = 200) String reason, @Size(min = 1, max = 64) String warehouseId,
                                    boolean create, @Size(min = 1, max = 64) String productId) {
    }

    /** What a count (盘点) found on the shelf. */
    public record StocktakeRequest(@NotNull @PositiveOrZero @Max(Stock.MAX_ON_HAND) Long countedQuantity, @NotBlank @Size(max = 200) String reason,
                                   @Size(min = 1, max = 64) String warehouseId) {
    }

    /** One warehouse's stock of the SKU. */
    public record StockView(String warehouseId, long onHand, long reserved, long available, StockLevel level, boolean frozen,
                            Instant frozenSince, long safetyStock, long version, Instant updatedAt) {
    }

    /** The SKU across warehouses, with each warehouse's figures. */
    public record SkuStock(String skuId, String productId, long onHand, long reserved, long available, List<StockView> warehouses) {
    }

    /** A page of the ledger, newest first. */
    public record LedgerPage(List<StockLedger.Entry> items, int page, int size, long total) {
    }

    @GET
    @Path("/stock")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "404", description = "SKU not stocked in this shop", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public SkuStock stock(@PathParam("shopId") String shopId, @PathParam("skuId") String skuId) {
        access.require(shopId);
        List<Stock> rows = stockRepository.ofSku(shopId, skuId);
        if (rows.isEmpty()) {
            throw ProblemException.notFound("Shop " + shopId + " has no stock of SKU " + skuId + ".");
        }
        Thresholds.Levels levels = thresholds.of(shopId, skuId).levels();
        return new SkuStock(skuId, rows.get(0).productId(), rows.stream().mapToLong(Stock::onHand).sum(),
                rows.stream().mapToLong(Stock::reserved).sum(), rows.stream().mapToLong(Stock::available).sum(),
                rows.stream().map(s -> view(s, levels)).toList());
    }

    @GET
    @Path("/ledger")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public LedgerPage ledger(@PathParam("shopId") String shopId, @PathParam("skuId") String skuId,
                             @QueryParam("warehouseId") String warehouseId,
                             @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                             @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        access.require(shopId);
        return new LedgerPage(stockRepository.entries(shopId, skuId, warehouseId, page, size), page, size,
                stockRepository.countEntries(shopId, skuId, warehouseId));
    }

    /** Each warehouse's figures beside the sums of its ledger: the ledger explains every figure. */
    @GET
    @Path("/ledger/balance")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public List<StockLedger.Balance> balance(@PathParam("shopId") String shopId, @PathParam("skuId") String skuId) {
        access.require(shopId);
        return stockRepository.balance(shopId, skuId);
    }

    /** Each crossing of a warning level and each freeze and unfreeze, with the StockChanged that announced it. */
    @GET
    @Path("/crossings")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public List<StockSignals.Crossing> crossings(@PathParam("shopId") String shopId, @PathParam("skuId") String skuId) {
        access.require(shopId);
        return stockRepository.crossings(shopId, skuId);
    }

    @POST
    @Path("/adjustments")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "200", description = "Recorded in the ledger; StockChanged announced")
    @APIResponse(responseCode = "400", description = "Invalid adjustment (e.g. zero or negative quantity)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class, type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", description = "SKU not stocked and create not set", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Would leave on hand below reserved", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public StockView adjust(@PathParam("shopId") String shopId, @PathParam("skuId") @Size(max = 64) String skuId,
                            @Valid @NotNull AdjustmentRequest request) {
        access.require(shopId);
        StockKey key = key(shopId, skuId, request.warehouseId());
        Stock after = adjustments.adjust(key, request.direction(), request.quantity(), request.reason(), request.create(),
                request.productId(), caller.getName());
        return view(after, thresholds.of(shopId, skuId).levels());
    }

    @POST
    @Path("/stocktakes")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "200", description = "On hand set to the count; recorded in the ledger")
    @APIResponse(responseCode = "400", description = "Invalid count (e.g. negative)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class, type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", description = "SKU not stocked", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Count below reserved", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public StockView stocktake(@PathParam("shopId") String shopId, @PathParam("skuId") String skuId,
                               @Valid @NotNull StocktakeRequest request) {
        access.require(shopId);
        Stock after = adjustments.stocktake(key(shopId, skuId, request.warehouseId()), request.countedQuantity(),
                request.reason(), caller.getName());
        return view(after, thresholds.of(shopId, skuId).levels());
    }

    private StockKey key(String shopId, String skuId, String warehouseId) {
        return new StockKey(shopId, skuId, warehouseId != null ? warehouseId : config.defaultWarehouse());
    }

    private StockView view(Stock stock, Thresholds.Levels levels) {
        return new StockView(stock.key().warehouseId(), stock.onHand(), stock.reserved(), stock.available(),
                stock.announcedLevel(), stock.frozen(), stock.frozenSince(), signals.safetyStock(stock.key(), levels),
                stock.version(), stock.updatedAt());
    }
}
