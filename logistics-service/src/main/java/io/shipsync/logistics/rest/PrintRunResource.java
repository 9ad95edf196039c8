package io.shipsync.logistics.rest;

import io.shipsync.eventing.http.Page;
import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.logistics.Labels;
import io.shipsync.logistics.PrintRun;
import io.shipsync.logistics.PrintRuns;
import io.shipsync.logistics.PrintTask;
import io.shipsync.logistics.Printing;
import io.shipsync.logistics.Waybill;
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
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * 批量打单: a run takes one number per order (precreate + create, exactly once), readable while it runs; then the
 * print component's tasks or one PDF of labels, and the confirmation that they came out of the printer.
 */
@Path("/api/shops/{shopId}/print-runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "print runs")
@SecurityRequirement(name = "jwt")
public class PrintRunResource {

    public static final String PDF = "application/pdf";

    private final PrintRuns runs;
    private final Printing printing;
    private final Labels labels;
    private final ShopAccess access;
    private final JsonWebToken caller;

    PrintRunResource(PrintRuns runs, Printing printing, Labels labels, ShopAccess access, JsonWebToken caller) {
        this.runs = runs;
        this.printing = printing;
        this.labels = labels;
        this.access = access;
        this.caller = caller;
    }

    /**
     * @param orderIds    the orders, in the order their labels print
     * @param carrierCode the shop's default carrier when absent
     * @param accountId   the carrier's first account that can take numbers when absent
     * @param packages    parcels per order where more than one (子母件)
     */
    public record StartRun(@NotNull @Size(min = 1, max = PrintRuns.MAX_ORDERS) List<@NotBlank String> orderIds,
                           String carrierCode, String accountId, Map<String, Integer> packages) {
    }

    /** The waybills that came out of the printer; all of the run's with a number when absent. */
    public record Printed(List<Long> waybillIds) {
    }

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "202", description = "Run started; read its progress")
    @APIResponse(responseCode = "409", description = "An order is held, not waiting, or no account can take numbers",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@PathParam("shopId") String shopId, @Valid @NotNull StartRun start) {
        access.require(shopId);
        PrintRun run = runs.start(shopId, new PrintRuns.Request(start.orderIds(), start.carrierCode(), start.accountId(),
                start.packages()), caller.getName());
        return Response.accepted(run).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Page<PrintRun> list(@PathParam("shopId") String shopId,
                               @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
                               @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        access.require(shopId);
        return runs.list(shopId, page, size);
    }

    /** The run with its progress: numbers taken, orders that got none, and those still to do. */
    @GET
    @Path("/{runId}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public PrintRun get(@PathParam("shopId") String shopId, @PathParam("runId") UUID runId) {
        access.require(shopId);
        return runs.get(shopId, runId);
    }

    @GET
    @Path("/{runId}/waybills")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Page<Waybill> waybills(@PathParam("shopId") String shopId, @PathParam("runId") UUID runId,
                                  @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
                                  @QueryParam("size") @DefaultValue("200") @Min(1) @Max(1000) int size) {
        access.require(shopId);
        return runs.waybills(shopId, runId, page, size);
    }

    /** Tasks for the WeChat print component (打印组件): send them as its print command's taskList. */
    @GET
    @Path("/{runId}/print-tasks")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public List<PrintTask> tasks(@PathParam("shopId") String shopId, @PathParam("runId") UUID runId) {
        access.require(shopId);
        return printing.tasks(shopId, runId);
    }

    /** The labels as one PDF, a 76×130 mm page per waybill with a number, streamed as it renders. */
    @GET
    @Path("/{runId}/labels.pdf")
    @Produces({PDF, Problem.MEDIA_TYPE})
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "409", description = "No waybill has a number yet", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response labels(@PathParam("shopId") String shopId, @PathParam("runId") UUID runId) {
        access.require(shopId);
        int pages = labels.pages(shopId, runId);
        StreamingOutput pdf = out -> labels.write(shopId, runId, pages, out);
        return Response.ok(pdf, PDF)
                .header("Content-Disposition", "inline; filename=\"labels-" + runId + ".pdf\"").build();
    }

    /** The labels came out of the printer: each first print is recorded once, announced and told to the platform. */
    @POST
    @Path("/{runId}/printed")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    public List<Waybill> printed(@PathParam("shopId") String shopId, @PathParam("runId") UUID runId, Printed printed) {
        access.require(shopId);
        return printing.printed(shopId, runId, printed == null ? null : printed.waybillIds(), caller.getName());
    }
}
