package io.shipsync.order.rest;

import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.security.Roles;
import io.shipsync.order.BuyerContact;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reaching an order's buyer, for ShipSync itself ({@code system} role): alerting-service's stall ladder reminds the
 * buyer by SMS and in WeChat. A system token names no shop, so these live outside {@code /api/shops/}; the order
 * must still be the shop's. The role is checked before the body is read, so a caller without it learns nothing
 * from a bad body.
 */
@Path("/api/system/shops/{shopId}/orders/{orderId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "system")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Roles.SYSTEM)
public class BuyerContactResource {

    private final BuyerContact contact;

    BuyerContactResource(BuyerContact contact) {
        this.contact = contact;
    }

    /** A text for the buyer; {@code requestId} is the platform's dedup key, so a retry with it sends once. */
    public record MessageRequest(@NotBlank @Size(max = 64) String requestId, @NotBlank @Size(max = 500) String text) {
    }

    @POST
    @Path("/buyer-phone")
    @Operation(summary = "The buyer's phone, decoded by the platform (解密收货信息); never stored. "
            + "Counts against the shop's 30 orders a day")
    @APIResponse(responseCode = "200", description = "The number to call or text; virtual: a privacy number (虚拟号) "
            + "with its extension", headers = @Header(name = "Cache-Control", description = "no-store"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BuyerContact.Phone.class)))
    @APIResponse(responseCode = "404", description = "The shop has no such order",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Refused by WeChat Shop (errcode and errmsg given: the day's "
            + "quota used up, the order never paid…), no number, or no platform account",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = OrderProblems.PlatformProblem.class, type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "503", description = "WeChat Shop unreachable or busy; try again after Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response phone(@PathParam("shopId") String shopId, @PathParam("orderId") String orderId) {
        // The phone must not outlive this answer in any cache on the way.
        return Response.ok(contact.phone(shopId, orderId)).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("/buyer-messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sends the order's buyer a customer-service text (商家客服消息); once per requestId")
    @APIResponse(responseCode = "200", description = "Taken by the platform",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BuyerContact.Message.class)))
    @APIResponse(responseCode = "400", description = "requestId missing or over 64 characters, text blank or over 500",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "The shop has no such order",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Refused by WeChat Shop (errcode and errmsg given), the buyer's "
            + "openid unknown, or no platform account",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = OrderProblems.PlatformProblem.class, type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "503", description = "WeChat Shop unreachable or busy; try again with the same "
            + "requestId after Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public BuyerContact.Message message(@PathParam("shopId") String shopId, @PathParam("orderId") String orderId,
                                        @Valid @NotNull MessageRequest request) {
        return contact.message(shopId, orderId, request.requestId(), request.text());
    }
}
