package io.shipsync.alerting.rest;

import io.shipsync.alerting.LadderTask;
import io.shipsync.alerting.LadderTaskRepository;
import io.shipsync.eventing.http.Page;
import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The stall ladder's tasks (联系快递, 赔付): listed, and marked done by an operator. */
@Path("/api/shops/{shopId}/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "tasks")
@SecurityRequirement(name = "jwt")
public class LadderTaskResource {

    private final LadderTaskRepository tasks;
    private final ShopAccess access;
    private final JsonWebToken caller;
    private final Clock clock;

    LadderTaskResource(LadderTaskRepository tasks, ShopAccess access, JsonWebToken caller, Clock clock) {
        this.tasks = tasks;
        this.access = access;
        this.caller = caller;
        this.clock = clock;
    }

    /** The shop's tasks, the latest opened first. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Page<LadderTask> list(@PathParam("shopId") String shopId, @QueryParam("state") LadderTask.State state,
                                 @QueryParam("kind") LadderTask.Kind kind,
                                 @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                 @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        access.require(shopId);
        return tasks.find(shopId, state, kind, page, size);
    }

    /** The carrier was contacted, or the compensation case is settled. */
    @POST
    @Path("/{taskId}/done")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "404", description = "No such task in this shop", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Done already, or obsolete", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public LadderTask done(@PathParam("shopId") String shopId, @PathParam("taskId") long taskId,
                           @Valid AlertResource.Note note) {
        access.require(shopId);
        return tasks.done(shopId, taskId, caller.getName(), note == null ? null : note.note(), clock.instant());
    }
}
