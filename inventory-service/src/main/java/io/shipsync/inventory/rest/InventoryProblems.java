package io.shipsync.inventory.rest;

import io.shipsync.eventing.http.Problem;
import io.shipsync.inventory.BelowReserved;
import io.shipsync.inventory.InvalidThresholds;
import io.shipsync.inventory.MissingProduct;
import io.shipsync.inventory.ProductMismatch;
import io.shipsync.inventory.Stock;
import io.shipsync.inventory.TooMuchStock;
import io.shipsync.inventory.UnknownStock;
import io.shipsync.inventory.platform.PlatformSyncDisabled;
import io.shipsync.inventory.platform.ReconciliationRunning;
import io.shipsync.inventory.platform.UnknownReconciliation;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Inventory's refusals as {@link Problem} (application/problem+json), the status saying which kind each is. */
public class InventoryProblems {

    @ServerExceptionMapper({UnknownStock.class, UnknownReconciliation.class})
    public Response unknown(RuntimeException e, UriInfo uri) {
        return problem(404, "Not found", e, uri);
    }

    @ServerExceptionMapper
    public Response invalid(InvalidThresholds e, UriInfo uri) {
        return problem(400, "Bad request", e, uri);
    }

    /** Names the field of the adjustment request that was missing. */
    @ServerExceptionMapper
    public Response invalid(MissingProduct e, UriInfo uri) {
        return Problem.of(400, "Invalid request", e.getMessage())
                .withErrors(List.of(new Problem.FieldError("productId", "required when create is true")))
                .withInstance(uri.getPath()).toResponse();
    }

    /** Names the adjustment's field and the range it may take the stock to. */
    @ServerExceptionMapper
    public Response invalid(TooMuchStock e, UriInfo uri) {
        return Problem.of(400, "Invalid request", e.getMessage())
                .withErrors(List.of(new Problem.FieldError("quantity",
                        "must leave on hand between 0 and " + Stock.MAX_ON_HAND)))
                .withInstance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper({ProductMismatch.class, BelowReserved.class, PlatformSyncDisabled.class, ReconciliationRunning.class})
    public Response conflict(RuntimeException e, UriInfo uri) {
        return problem(409, "Conflict", e, uri);
    }

    private static Response problem(int status, String title, RuntimeException e, UriInfo uri) {
        return Problem.of(status, title, e.getMessage()).withInstance(uri.getPath()).toResponse();
    }
}
