package io.shipsync.logistics.rest;

import io.shipsync.eventing.http.Page;
import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.logistics.PrintQueue;
import io.shipsync.logistics.QueueFilter;
import io.shipsync.logistics.QueuedOrder;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** 待打单: paid orders that need a waybill, filtered and sorted before a print run; held ones are marked. */
@Path("/api/shops/{shopId}/print-queue")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "print queue")
@SecurityRequirement(name = "jwt")
public class PrintQueueResource {

    private final PrintQueue queue;
    private final ShopAccess access;
    private final Clock clock;

    PrintQueueResource(PrintQueue queue, ShopAccess access, Clock clock) {
        this.queue = queue;
        this.access = access;
        this.clock = clock;
    }

    /** Waiting orders unless {@code state} says otherwise, oldest payment first unless {@code sort} says otherwise. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Page<QueuedOrder> list(@PathParam("shopId") String shopId, @QueryParam("state") QueuedOrder.State state,
                                  @QueryParam("carrier") String carrier, @QueryParam("province") String province,
                                  @QueryParam("city") String city, @QueryParam("sku") String sku,
                                  @QueryParam("paidFrom") Instant paidFrom, @QueryParam("paidTo") Instant paidTo,
                                  @QueryParam("held") Boolean held, @QueryParam("sort") QueueFilter.Sort sort,
                                  @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
                                  @QueryParam("size") @DefaultValue("50") @Min(1) @Max(1000) int size) {
        access.require(shopId);
        return queue.list(shopId, new QueueFilter(state, carrier, province, city, sku, paidFrom, paidTo, held, sort), page, size);
    }

    @GET
    @Path("/{orderId}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "404", description = "Not in the queue", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public QueuedOrder get(@PathParam("shopId") String shopId, @PathParam("orderId") String orderId) {
        access.require(shopId);
        return queue.get(shopId, orderId);
    }

    /** Lifts the platform's risk hold (order_risk_info) after the operator looked into it. */
    @POST
    @Path("/{orderId}/release-risk")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "409", description = "No risk hold", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public QueuedOrder releaseRisk(@PathParam("shopId") String shopId, @PathParam("orderId") String orderId) {
        access.require(shopId);
        return queue.releaseRisk(shopId, orderId, clock.instant());
    }
}
