package io.shipsync.order.rest;

import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.order.Order;
import io.shipsync.order.ShipmentPackage;
import io.shipsync.order.Shipping;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** 发货: declaring an order's packages to the platform. */
@Path("/api/shops/{shopId}/orders/{orderId}/shipments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "shipments")
@SecurityRequirement(name = "jwt")
public class ShipmentResource {

    private final Shipping shipping;
    private final ShopAccess access;
    private final JsonWebToken caller;

    ShipmentResource(Shipping shipping, ShopAccess access, JsonWebToken caller) {
        this.shipping = shipping;
        this.access = access;
        this.caller = caller;
    }

    /** One or more packages; {@code correction: true} replaces every package declared so far. */
    public record DeclarationRequest(@NotEmpty @Size(max = 50) List<@Valid @NotNull PackageRequest> packages, boolean correction) {
    }

    /** A package: carrier (WeChat delivery_id), tracking number typed by the operator, items inside. */
    public record PackageRequest(@NotBlank @Size(max = 16) String carrierCode, @Size(max = 32) String trackingNumber,
                                 @NotEmpty List<@Valid @NotNull ItemRequest> items) {
    }

    /** Product, SKU and quantity. */
    public record ItemRequest(@NotBlank String productId, @NotBlank String skuId, @Positive int quantity) {
    }

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "202", description = "Declared; OrderShipped announced; the platform call runs asynchronously (see sync)")
    @APIResponse(responseCode = "400", description = "A tracking number breaks its carrier's rules, is missing, or an item is not on the order")
    @APIResponse(responseCode = "409", description = "自动发货规则冲突: items already declared under another number, or the order is cancelled")
    public Response declare(@PathParam("shopId") String shopId, @PathParam("orderId") String orderId,
                            @Valid @NotNull DeclarationRequest request) {
        access.require(shopId);
        Shipping.Declaration declaration = new Shipping.Declaration(request.packages().stream()
                .map(p -> new Shipping.PackageRequest(p.carrierCode(), p.trackingNumber(), p.items().stream()
                        .map(i -> new ShipmentPackage.Item(i.productId(), i.skuId(), i.quantity())).toList()))
                .toList(), request.correction());
        Order order = shipping.declare(shopId, orderId, declaration, caller.getName());
        return Response.accepted(OrderResource.OrderView.of(order)).build();
    }
}
