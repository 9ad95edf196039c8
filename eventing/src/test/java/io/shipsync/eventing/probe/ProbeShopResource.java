package io.shipsync.eventing.probe;

import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.eventing.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** A shop-scoped endpoint as the services have them, so eventing's own tests reach the shared token checks. */
@Path("/api/shops/{shopId}/probe")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class ProbeShopResource {

    private final ShopAccess access;

    ProbeShopResource(ShopAccess access) {
        this.access = access;
    }

    @GET
    public Map<String, String> get(@PathParam("shopId") String shopId) {
        access.require(shopId);
        return Map.of("shopId", shopId);
    }
}
