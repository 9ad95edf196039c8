package io.shipsync.logistics.rest;

import io.shipsync.eventing.http.Page;
import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.events.TrackingCheckpoint;
import io.shipsync.events.TrackingState;
import io.shipsync.logistics.CarrierSuggestions;
import io.shipsync.logistics.CarrierSwitch;
import io.shipsync.logistics.CarrierSwitches;
import io.shipsync.logistics.TrackingRepository;
import io.shipsync.logistics.TrackingWatch;
import io.shipsync.logistics.UnknownSubject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
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
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A shop's watched numbers (物流跟踪): status, last movement, history and findings; and carrier suggestions for a number. */
@Path("/api/shops/{shopId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tracking")
@SecurityRequirement(name = "jwt")
public class TrackingResource {

    private final TrackingRepository repository;
    private final CarrierSuggestions suggestions;
    private final CarrierSwitches switches;
    private final ShopAccess access;
    private final JsonWebToken caller;

    TrackingResource(TrackingRepository repository, CarrierSuggestions suggestions, CarrierSwitches switches,
                     ShopAccess access, JsonWebToken caller) {
        this.repository = repository;
        this.suggestions = suggestions;
        this.switches = switches;
        this.access = access;
        this.caller = caller;
    }

    /** One number: its watch, its merged history oldest first, and the findings about its feed data. */
    public record Tracking(TrackingWatch watch, List<TrackingCheckpoint> history, List<TrackingRepository.Finding> findings) {
    }

    /** Watched numbers, most recent movement first; filter by watch state or by tracking status. */
    @GET
    @Path("/tracking")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Transactional
    public Page<TrackingWatch> list(@PathParam("shopId") String shopId, @QueryParam("state") TrackingWatch.State state,
                                    @QueryParam("status") TrackingState status,
                                    @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
                                    @QueryParam("size") @DefaultValue("50") @Min(1) @Max(1000) int size) {
        access.require(shopId);
        return new Page<>(repository.list(shopId, state, status, Page.offset(page, size), size), page, size,
                repository.count(shopId, state, status));
    }

    @GET
    @Path("/tracking/{trackingNumber}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "404", description = "Not watched", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @Transactional
    public Tracking get(@PathParam("shopId") String shopId, @PathParam("trackingNumber") String trackingNumber) {
        access.require(shopId);
        TrackingWatch watch = repository.find(shopId, trackingNumber)
                .orElseThrow(() -> new UnknownSubject("shop " + shopId + " does not watch " + trackingNumber));
        return new Tracking(watch, repository.checkpoints(shopId, trackingNumber), repository.findings(shopId, trackingNumber));
    }

    /**
     * 切换备用快递: moves a parcel not yet picked up to the shop's backup carrier (new waybill, old one cancelled,
     * declaration corrected, watch moved). Answers at once; the switch's steps run on the work queue.
     */
    @POST
    @Path("/tracking/{trackingNumber}/switch-carrier")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "202", description = "The switch, under way")
    @APIResponse(responseCode = "409", description = "Picked up already, or no backup carrier", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response switchCarrier(@PathParam("shopId") String shopId, @PathParam("trackingNumber") String trackingNumber) {
        access.require(shopId);
        return Response.accepted(switches.request(shopId, trackingNumber, caller.getName())).build();
    }

    @GET
    @Path("/carrier-switches/{switchId}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public CarrierSwitch carrierSwitch(@PathParam("shopId") String shopId, @PathParam("switchId") UUID switchId) {
        access.require(shopId);
        return switches.get(shopId, switchId);
    }

    /** 单号识别: the carriers a bare number may belong to, those the tracking feed confirms first. */
    @GET
    @Path("/carrier-suggestions")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public CarrierSuggestions.Suggestions suggest(@PathParam("shopId") String shopId,
                                                  @QueryParam("number") @NotBlank @Size(max = 64) String number) {
        access.require(shopId);
        return suggestions.suggest(number);
    }
}
