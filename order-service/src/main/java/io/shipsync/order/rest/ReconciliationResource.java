package io.shipsync.order.rest;

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
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** On-demand reconciliation with the platform, and the findings still open. */
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

    ReconciliationResource(Reconciler reconciler, Findings findings, ShopAccess access) {
        this.reconciler = reconciler;
        this.findings = findings;
        this.access = access;
    }

    /** Orders the platform updated between {@code from} and {@code to}. */
    public record Window(@NotNull Instant from, @NotNull Instant to) {
    }

    @POST
    @Path("/reconciliations")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Reconciler.Report run(@PathParam("shopId") String shopId, @Valid @NotNull Window window) {
        access.require(shopId);
        if (!window.from().isBefore(window.to())) {
            throw ProblemException.badRequest("from must be before to.");
        }
        if (Duration.between(window.from(), window.to()).compareTo(MAX_WINDOW) > 0) {
            throw ProblemException.badRequest("A reconciliation covers at most 31 days; split the window.");
        }
        return reconciler.reconcile(shopId, window.from(), window.to());
    }

    @GET
    @Path("/findings")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public List<Findings.Finding> open(@PathParam("shopId") String shopId) {
        access.require(shopId);
        return findings.open(shopId);
    }
}
