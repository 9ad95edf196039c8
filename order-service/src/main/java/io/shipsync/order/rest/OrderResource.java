package io.shipsync.order.rest;

import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.http.ProblemException;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.events.OrderItem;
import io.shipsync.events.Region;
import io.shipsync.order.Order;
import io.shipsync.order.OrderIntake;
import io.shipsync.order.PlatformSync;
import io.shipsync.order.ShipmentPackage;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A shop's orders. */
@Path("/api/shops/{shopId}/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "orders")
@SecurityRequirement(name = "jwt")
public class OrderResource {

    private final OrderIntake intake;
    private final ShopAccess access;

    OrderResource(OrderIntake intake, ShopAccess access) {
        this.intake = intake;
        this.access = access;
    }

    /** A paid order as the platform reports it (platform pushes feed the same intake). */
    public record PlaceOrderRequest(
            @NotBlank @Size(max = 64) String orderId,
            @NotNull Instant paidAt,
            @Min(0) @Max(1) int deliverMethod,
            @NotEmpty @Size(max = 200) List<@Valid @NotNull Item> items,
            @NotNull @Valid Destination receiverRegion,
            @PositiveOrZero long totalFen) {
    }

    /** One SKU line. */
    public record Item(@NotBlank @Size(max = 64) String productId, @NotBlank @Size(max = 64) String skuId,
                       @Size(max = 128) String skuCode, @Positive int quantity, @PositiveOrZero long unitPriceFen) {
    }

    /** Where the parcel goes, to county level: the full address stays with the platform. */
    public record Destination(@NotBlank @Size(max = 64) String province, @NotBlank @Size(max = 64) String city,
                              @NotBlank @Size(max = 64) String county) {
    }

    /** An order as the API shows it: the platform's status beside our packages and their sync state. */
    public record OrderView(String orderId, String shopId, int platformStatus, int deliverMethod, Instant paidAt,
                            long totalFen, Destination receiverRegion, List<Item> items, List<PackageView> packages,
                            SyncView sync) {

        static OrderView of(Order order) {
            return new OrderView(order.orderId, order.shopId, order.platformStatus, order.deliverMethod, order.paidAt,
                    order.totalFen, new Destination(order.province, order.city, order.county),
                    order.lines.stream().map(l -> new Item(l.productId, l.skuId, l.skuCode, l.quantity, l.unitPriceFen)).toList(),
                    ShipmentPackage.live(order.shopId, order.orderId).stream().map(PackageView::of).toList(),
                    PlatformSync.latest(order.shopId, order.orderId).map(SyncView::of).orElse(null));
        }
    }

    /** A declared package, and who declared it: an operator, "auto-ship", or "platform" (shipped on the platform itself). */
    public record PackageView(String carrierCode, String trackingNumber, List<ShipmentPackage.Item> items, Instant declaredAt,
                              String declaredBy) {
        static PackageView of(ShipmentPackage p) {
            return new PackageView(p.carrierCode, p.trackingNumber, p.items, p.declaredAt, p.declaredBy);
        }
    }

    /** Where the latest declaration stands with the platform: PENDING, SYNCED or FAILED, with the last errcode. */
    public record SyncView(PlatformSync.Status status, PlatformSync.Action action, int attempts, Integer lastErrcode,
                           String lastError, Instant syncedAt) {
        static SyncView of(PlatformSync s) {
            return new SyncView(s.status, s.action, s.attempts, s.lastErrcode, s.lastError, s.syncedAt);
        }
    }

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "201", description = "Stored as 待发货; OrderPlaced announced")
    @APIResponse(responseCode = "400", description = "Invalid order", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class, type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "409", description = "Order already known", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response place(@PathParam("shopId") String shopId, @Valid @NotNull PlaceOrderRequest request) {
        access.require(shopId);
        Order order = intake.place(shopId, new OrderIntake.PaidOrder(request.orderId(), request.paidAt(),
                request.deliverMethod(),
                request.items().stream().map(i -> new OrderItem(i.productId(), i.skuId(), i.skuCode(), i.quantity(), i.unitPriceFen())).toList(),
                new Region(request.receiverRegion().province(), request.receiverRegion().city(), request.receiverRegion().county()),
                request.totalFen()));
        return Response.created(URI.create("/api/shops/" + shopId + "/orders/" + order.orderId))
                .entity(OrderView.of(order)).build();
    }

    @GET
    @Path("/{orderId}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public OrderView get(@PathParam("shopId") String shopId, @PathParam("orderId") String orderId) {
        access.require(shopId);
        return Order.find(shopId, orderId).map(OrderView::of)
                .orElseThrow(() -> ProblemException.notFound("Shop " + shopId + " has no order " + orderId + "."));
    }
}
