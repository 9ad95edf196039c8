package io.shipsync.logistics.rest;

import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.logistics.Printing;
import io.shipsync.logistics.UnknownSubject;
import io.shipsync.logistics.Waybill;
import io.shipsync.logistics.WaybillCancellation;
import io.shipsync.logistics.WaybillRepository;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One waybill: read it, reprint it (补打), or cancel it to give its number back. */
@Path("/api/shops/{shopId}/waybills/{waybillId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "waybills")
@SecurityRequirement(name = "jwt")
public class WaybillResource {

    private final WaybillRepository repository;
    private final Printing printing;
    private final WaybillCancellation cancellation;
    private final ShopAccess access;
    private final JsonWebToken caller;

    WaybillResource(WaybillRepository repository, Printing printing, WaybillCancellation cancellation, ShopAccess access,
                    JsonWebToken caller) {
        this.repository = repository;
        this.printing = printing;
        this.cancellation = cancellation;
        this.access = access;
        this.caller = caller;
    }

    public record Cancel(@NotBlank @Size(max = 200) String reason) {
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Transactional
    public Waybill get(@PathParam("shopId") String shopId, @PathParam("waybillId") long waybillId) {
        access.require(shopId);
        return repository.find(shopId, waybillId)
                .orElseThrow(() -> new UnknownSubject("shop " + shopId + " has no waybill " + waybillId));
    }

    /** 补打: printed again, marked as a reprint to the platform and in WaybillPrinted. */
    @POST
    @Path("/reprint")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Waybill reprint(@PathParam("shopId") String shopId, @PathParam("waybillId") long waybillId) {
        access.require(shopId);
        return printing.reprint(shopId, waybillId, caller.getName());
    }

    /** Gives the number back (order/cancel); the order returns to the print queue and a pending auto-ship is dropped. */
    @POST
    @Path("/cancel")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "409", description = "Already declared, with the declaration; or no number to cancel",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @Consumes(MediaType.APPLICATION_JSON)
    public Waybill cancel(@PathParam("shopId") String shopId, @PathParam("waybillId") long waybillId,
                          @Valid @NotNull Cancel cancel) {
        access.require(shopId);
        return cancellation.cancel(shopId, waybillId, cancel.reason());
    }
}
