package io.shipsync.order.rest;

import io.shipsync.eventing.http.ProblemException;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.events.HoldReason;
import io.shipsync.order.Holds;
import io.shipsync.order.Order;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Holds on an order (stock shortage, fraud review) and their release. */
@Path("/api/shops/{shopId}/orders/{orderId}/holds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "orders")
@SecurityRequirement(name = "jwt")
public class HoldResource {

    private final Holds holds;
    private final ShopAccess access;
    private final JsonWebToken caller;

    HoldResource(Holds holds, ShopAccess access, JsonWebToken caller) {
        this.holds = holds;
        this.access = access;
        this.caller = caller;
    }

    /** Operators and admins, who release holds, read their detail (the buyer masked); viewers read the summary. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public List<Holds.Hold> list(@PathParam("shopId") String shopId, @PathParam("orderId") String orderId) {
        String id = order(shopId, orderId).orderId;
        boolean releases = caller.getGroups().contains(Roles.OPERATOR) || caller.getGroups().contains(Roles.ADMIN);
        return releases ? holds.of(shopId, id) : holds.summaries(shopId, id);
    }

    /** Releases the open hold of that reason (STOCK_SHORTAGE or FRAUD_REVIEW). */
    @POST
    @Path("/{reason}/release")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public List<Holds.Hold> release(@PathParam("shopId") String shopId, @PathParam("orderId") String orderId,
                                    @PathParam("reason") String reason) {
        Order order = order(shopId, orderId);
        HoldReason parsed;
        try {
            parsed = HoldReason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Unknown hold reason " + reason + "; use STOCK_SHORTAGE or FRAUD_REVIEW.");
        }
        holds.release(shopId, order.orderId, parsed, caller.getName());
        return holds.of(shopId, order.orderId);
    }

    private Order order(String shopId, String orderId) {
        access.require(shopId);
        return Order.find(shopId, orderId)
                .orElseThrow(() -> ProblemException.notFound("Shop " + shopId + " has no order " + orderId + "."));
    }
}
