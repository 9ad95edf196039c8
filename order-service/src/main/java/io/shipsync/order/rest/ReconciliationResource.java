package io.shipsync.order.rest;

import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.http.ProblemException;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.order.Findings;
import io.shipsync.order.reconcile.Reconciler;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Order reconciliations with the platform (订单对账), started on demand and followed by id; the findings still open. */
@Path("/api/shops/{shopId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "reconciliation")
@SecurityRequirement(name = "jwt")
public class ReconciliationResource {

    private static final Duration MAX_WINDOW = Duration.ofDays(31);

    private final Reconciler reconciler;
    private final Findings findings;
    private final ShopAccess access;
    private final JsonWebToken caller;

    ReconciliationResource(Reconciler reconciler, Findings findings, ShopAccess access, JsonWebToken caller) {
        this.reconciler = reconciler;
        this.findings = findings;
        this.access = access;
        this.caller = caller;
    }

    /** Orders the platform updated between {@code from} and {@code to}. */
    public record WindowRequest(@NotNull Instant from, @NotNull Instant to) {
    }

    /**
     * Starts a reconciliation of the shop's orders updated in the window (without a body: the scheduled look-back,
     * ending now). 202 with the run (RUNNING) and its address; it goes on in the background.
     */
    @POST
    @Path("/reconciliations")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "202", description = "Started; follow it at the Location")
    @APIResponse(responseCode = "400", description = "The window is empty or longer than 31 days",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "A run of the shop has not finished (named), or the shop has no platform account",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response start(@PathParam("shopId") String shopId, @Valid WindowRequest window, @Context UriInfo uri) {
        access.require(shopId);
        Reconciler.Window reconciled = window == null ? reconciler.lookBack() : new Reconciler.Window(window.from(), window.to());
        if (!reconciled.from().isBefore(reconciled.to())) {
            throw ProblemException.badRequest("from must be before to.");
        }
        if (Duration.between(reconciled.from(), reconciled.to()).compareTo(MAX_WINDOW) > 0) {
            throw ProblemException.badRequest("A reconciliation covers at most 31 days; split the window.");
        }
        Reconciler.Run run = reconciler.start(shopId, reconciled, caller.getName());
        return Response.accepted(run).location(uri.getAbsolutePathBuilder().path(Long.toString(run.id())).build()).build();
    }

    /** A run: RUNNING, FINISHED or FAILED, its window, counts, and what it fixed, found or could not compare. */
    @GET
    @Path("/reconciliations/{runId}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Reconciler.Run run(@PathParam("shopId") String shopId, @PathParam("runId") long runId) {
        access.require(shopId);
        return reconciler.run(shopId, runId);
    }

    @GET
    @Path("/findings")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public List<Findings.Finding> open(@PathParam("shopId") String shopId) {
        access.require(shopId);
        return findings.open(shopId);
    }
}
