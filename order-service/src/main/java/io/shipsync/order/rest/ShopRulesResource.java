package io.shipsync.order.rest;

import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.order.AutoShipping;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A shop's auto-ship rule (自动发货): when printed waybills are declared. */
@Path("/api/shops/{shopId}/auto-ship-rule")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "shops")
@SecurityRequirement(name = "jwt")
public class ShopRulesResource {

    private final AutoShipping autoShipping;
    private final ShopAccess access;

    ShopRulesResource(AutoShipping autoShipping, ShopAccess access) {
        this.autoShipping = autoShipping;
        this.access = access;
    }

    /** IMMEDIATELY, AFTER_30_MINUTES, AFTER_24_HOURS (presale) or MANUAL_ONLY. */
    public record AutoShipRule(@NotNull AutoShipping.Mode mode) {
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public AutoShipRule get(@PathParam("shopId") String shopId) {
        access.require(shopId);
        return new AutoShipRule(autoShipping.mode(shopId));
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    public AutoShipRule set(@PathParam("shopId") String shopId, @Valid @NotNull AutoShipRule rule) {
        access.require(shopId);
        autoShipping.setMode(shopId, rule.mode());
        return rule;
    }
}
