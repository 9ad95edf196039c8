package io.shipsync.alerting.rest;

import io.shipsync.alerting.Alert;
import io.shipsync.alerting.AlertFilter;
import io.shipsync.alerting.AlertHistory;
import io.shipsync.alerting.AlertState;
import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.CarrierSwitchAction;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.SubjectType;
import io.shipsync.alerting.client.LogisticsService;
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
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A shop's alerts (告警): listed and filtered, read with their history, acknowledged, assigned and resolved; a stalled
 * parcel's switched to the backup carrier.
 */
@Path("/api/shops/{shopId}/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "alerts")
@SecurityRequirement(name = "jwt")
public class AlertResource {

    private final Alerts alerts;
    private final CarrierSwitchAction carrierSwitch;
    private final ShopAccess access;
    private final JsonWebToken caller;

    AlertResource(Alerts alerts, CarrierSwitchAction carrierSwitch, ShopAccess access, JsonWebToken caller) {
        this.alerts = alerts;
        this.carrierSwitch = carrierSwitch;
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

    /**
     * 切换备用快递, the stall ladder's one click: logistics-service switches the alert's parcel to the shop's backup
     * carrier, asked with the caller's own token; its answer (202 with the switch) is passed on, and the caller is
     * recorded in the alert's history.
     */
    @POST
    @Path("/{alertId}/switch-carrier")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "202", description = "logistics-service's switch, under way")
    @APIResponse(responseCode = "404", description = "No such alert in this shop, or logistics-service does not watch its number",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Not an unresolved stall alert, or logistics-service refused (picked up"
            + " already, no backup carrier)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "logistics-service unreachable", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response switchCarrier(@PathParam("shopId") String shopId, @PathParam("alertId") long alertId) {
        access.require(shopId);
        LogisticsService.Answer answer = carrierSwitch.request(shopId, alertId, caller.getName(), caller.getRawToken());
        return Response.status(answer.status()).type(MediaType.APPLICATION_JSON).entity(answer.body()).build();
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
