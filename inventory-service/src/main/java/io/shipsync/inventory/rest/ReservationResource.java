package io.shipsync.inventory.rest;

import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.http.ProblemException;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.inventory.ReservationRepository;
import io.shipsync.inventory.Reservations;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where an order's stock stands (预占): held, short, shipped or cancelled, line by line. */
@Path("/api/shops/{shopId}/reservations/{orderId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "stock")
@SecurityRequirement(name = "jwt")
public class ReservationResource {

    private final ReservationRepository reservations;
    private final ShopAccess access;

    ReservationResource(ReservationRepository reservations, ShopAccess access) {
        this.reservations = reservations;
        this.access = access;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "404", description = "No order event seen for it", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Reservations.Reservation get(@PathParam("shopId") String shopId, @PathParam("orderId") String orderId) {
        access.require(shopId);
        return reservations.find(shopId, orderId)
                .orElseThrow(() -> ProblemException.notFound("Shop " + shopId + " has no reservation for order " + orderId + "."));
    }
}
