package io.shipsync.inventory.rest;

import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.inventory.Thresholds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Warning levels (库存预警), freeze level and safety-stock settings: for the whole shop, and per SKU. They
 * apply from each SKU's next movement.
 */
@Path("/api/shops/{shopId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "thresholds")
@SecurityRequirement(name = "jwt")
public class ThresholdResource {

    private final Thresholds thresholds;
    private final ShopAccess access;
    private final JsonWebToken caller;

    ThresholdResource(Thresholds thresholds, ShopAccess access, JsonWebToken caller) {
        this.thresholds = thresholds;
        this.access = access;
        this.caller = caller;
    }

    /** A full set of settings; warning levels must decrease from first to third. */
    public record Settings(@NotNull @Positive Integer firstWarning, @NotNull @Positive Integer secondWarning,
                           @NotNull @Positive Integer thirdWarning, @NotNull @PositiveOrZero Integer freezeLevel,
                           @NotNull @Min(1) @Max(365) Integer safetyWindowDays,
                           @NotNull @DecimalMin("0") @DecimalMax("1000") Double safetyFactor) {

        Thresholds.Levels levels() {
            return new Thresholds.Levels(firstWarning, secondWarning, thirdWarning, freezeLevel, safetyWindowDays, safetyFactor);
        }

        static Settings of(Thresholds.Levels l) {
            return new Settings(l.firstWarning(), l.secondWarning(), l.thirdWarning(), l.freezeLevel(), l.safetyWindowDays(),
                    l.safetyFactor());
        }
    }

    /** The settings in force and where they come from: SKU, SHOP or DEFAULT. */
    public record EffectiveSettings(Settings settings, Thresholds.Source source) {
        static EffectiveSettings of(Thresholds.Effective effective) {
            return new EffectiveSettings(Settings.of(effective.levels()), effective.source());
        }
    }

    @GET
    @Path("/thresholds")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public EffectiveSettings shop(@PathParam("shopId") String shopId) {
        access.require(shopId);
        return EffectiveSettings.of(thresholds.ofShop(shopId));
    }

    @PUT
    @Path("/thresholds")
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "400", description = "Invalid settings", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public EffectiveSettings setShop(@PathParam("shopId") String shopId, @Valid @NotNull Settings settings) {
        access.require(shopId);
        return EffectiveSettings.of(thresholds.set(shopId, null, settings.levels(), caller.getName()));
    }

    @GET
    @Path("/skus/{skuId}/thresholds")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public EffectiveSettings sku(@PathParam("shopId") String shopId, @PathParam("skuId") String skuId) {
        access.require(shopId);
        return EffectiveSettings.of(thresholds.of(shopId, skuId));
    }

    @PUT
    @Path("/skus/{skuId}/thresholds")
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "400", description = "Invalid settings", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public EffectiveSettings setSku(@PathParam("shopId") String shopId, @PathParam("skuId") @Size(max = 64) String skuId,
                                    @Valid @NotNull Settings settings) {
        access.require(shopId);
        return EffectiveSettings.of(thresholds.set(shopId, skuId, settings.levels(), caller.getName()));
    }

    /** Drops the SKU's own settings: it follows the shop's again. */
    @DELETE
    @Path("/skus/{skuId}/thresholds")
    @RolesAllowed(Roles.ADMIN)
    public EffectiveSettings clearSku(@PathParam("shopId") String shopId, @PathParam("skuId") String skuId) {
        access.require(shopId);
        return EffectiveSettings.of(thresholds.clear(shopId, skuId));
    }
}
