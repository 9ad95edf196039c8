package io.shipsync.alerting.rest;

import io.shipsync.alerting.Alert;
import io.shipsync.alerting.AlertFilter;
import io.shipsync.alerting.AlertHistory;
import io.shipsync.alerting.AlertState;
import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.SubjectType;
import io.shipsync.eventing.http.Page;
import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.events.AlertSeverity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A shop's alerts (告警): listed and filtered, read with their history, acknowledged, assigned and resolved. */
@Path("/api/shops/{shopId}/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "alerts")
@SecurityRequirement(name = "jwt")
public class AlertResource {

    private final Alerts alerts;
    private final ShopAccess access;
    private final JsonWebToken caller;

    AlertResource(Alerts alerts, ShopAccess access, JsonWebToken caller) {
        this.alerts = alerts;
        this.access = access;
        this.caller = caller;
    }

    /** What an operator says with an acknowledgement or a resolution; optional. */
    public record Note(@Size(max = 1000) String note) {
    }

    public record Assignment(@NotBlank @Size(max = 128) String assignee) {
    }

    /**
     * The shop's alerts, the most recently raised first. {@code state} may be given more than once (e.g. OPEN and
     * ACKNOWLEDGED for everything unresolved); {@code subjectId} is an order id, {@code <skuId>@<warehouseId>} or an
     * account id.
     */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Page<Alert> list(@PathParam("shopId") String shopId, @QueryParam("state") List<AlertState> states,
                            @QueryParam("rule") Rule rule, @QueryParam("severity") AlertSeverity severity,
                            @QueryParam("subjectType") SubjectType subjectType, @QueryParam("subjectId") String subjectId,
                            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        access.require(shopId);
        return alerts.find(shopId, new AlertFilter(Set.copyOf(states), rule, severity, subjectType, subjectId), page, size);
    }

    /** The alert and who did what to it, oldest first. */
    @GET
    @Path("/{alertId}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "404", description = "No such alert in this shop", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public AlertHistory get(@PathParam("shopId") String shopId, @PathParam("alertId") long alertId) {
        access.require(shopId);
        return alerts.history(shopId, alertId);
    }

    @POST
    @Path("/{alertId}/acknowledge")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "404", description = "No such alert in this shop", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Not OPEN (acknowledged or resolved already)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public AlertHistory acknowledge(@PathParam("shopId") String shopId, @PathParam("alertId") long alertId, @Valid Note note) {
        access.require(shopId);
        return alerts.acknowledge(shopId, alertId, caller.getName(), note == null ? null : note.note());
    }

    /** Resolves it by hand; if its condition still holds, the next sighting raises a new alert. */
    @POST
    @Path("/{alertId}/resolve")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "404", description = "No such alert in this shop", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Resolved already", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public AlertHistory resolve(@PathParam("shopId") String shopId, @PathParam("alertId") long alertId, @Valid Note note) {
        access.require(shopId);
        return alerts.resolve(shopId, alertId, caller.getName(), note == null ? null : note.note());
    }

    @POST
    @Path("/{alertId}/assign")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "404", description = "No such alert in this shop", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Resolved already", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public AlertHistory assign(@PathParam("shopId") String shopId, @PathParam("alertId") long alertId,
                               @Valid @NotNull Assignment assignment) {
        access.require(shopId);
        return alerts.assign(shopId, alertId, assignment.assignee(), caller.getName());
    }
}
