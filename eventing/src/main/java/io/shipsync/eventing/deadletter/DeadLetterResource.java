package io.shipsync.eventing.deadletter;

import io.shipsync.eventing.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * This service's dead letters, for the operator on call ({@code system} role: dead letters belong to the
 * service, not to one shop). {@code ./shipsync dead-letters} calls it.
 */
@Path("/api/dead-letters")
@Tag(name = "Dead letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SYSTEM)
public class DeadLetterResource {

    /** Which letters to redrive: the listed ids ({@code partition:offset}), or every pending one with {@code all}. */
    public record RedriveRequest(List<String> letters, boolean all) {
    }

    /** The topic read, and what it holds. */
    public record Listing(String topic, int pending, List<DeadLetters.DeadLetter> letters) {
    }

    private final DeadLetters deadLetters;
    private final SecurityIdentity identity;

    DeadLetterResource(DeadLetters deadLetters, SecurityIdentity identity) {
        this.deadLetters = deadLetters;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "List dead letters with reason and origin; status=pending (default) or all")
    public Listing list(@QueryParam("status") String status) {
        if (status != null && !status.equals("pending") && !status.equals("all")) {
            throw io.shipsync.eventing.http.ProblemException.badRequest("status is pending or all, not " + status + ".");
        }
        List<DeadLetters.DeadLetter> letters = deadLetters.list(!"all".equals(status));
        return new Listing(deadLetters.topic(), (int) letters.stream().filter(l -> l.redriven() == null).count(), letters);
    }

    @POST
    @Path("/redrive")
    @Operation(summary = "Re-apply chosen dead letters, or all pending ones, through the normal inbox (effect at most once)")
    public List<DeadLetters.Outcome> redrive(RedriveRequest request) {
        boolean all = request != null && request.all();
        List<String> ids = request == null || request.letters() == null ? List.of() : request.letters();
        if (all == !ids.isEmpty()) {
            throw io.shipsync.eventing.http.ProblemException.badRequest("Name the letters to redrive, or set all to true (not both).");
        }
        return deadLetters.redrive(ids, identity.getPrincipal().getName());
    }
}
