package io.shipsync.alerting.rest;

import io.shipsync.alerting.kpi.Period;
import io.shipsync.alerting.report.WeeklyReport;
import io.shipsync.alerting.report.WeeklyReports;
import io.shipsync.eventing.http.Page;
import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A shop's weekly exception reports (每周异常报告): generated on request or by the schedule, listed, fetched as HTML or CSV. */
@Path("/api/shops/{shopId}/reports")
@Tag(name = "reports")
@SecurityRequirement(name = "jwt")
public class WeeklyReportResource {

    static final String CSV = "text/csv; charset=UTF-8";
    static final String HTML = "text/html; charset=UTF-8";
    private static final String NOT_FOUND = "No such report in this shop";

    private final WeeklyReports reports;
    private final ShopAccess access;
    private final JsonWebToken caller;

    WeeklyReportResource(WeeklyReports reports, ShopAccess access, JsonWebToken caller) {
        this.reports = reports;
        this.access = access;
        this.caller = caller;
    }

    /** Generates the report of the week (Monday to Sunday, Asia/Shanghai) containing {@code week}, as the data stands now. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "201", description = "Generated; Location is the report")
    @APIResponse(responseCode = "400", description = "week not a date YYYY-MM-DD", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response generate(@PathParam("shopId") String shopId,
                             @Parameter(description = "YYYY-MM-DD, any day of the week", required = true)
                             @QueryParam("week") String week, UriInfo uri) {
        access.require(shopId);
        WeeklyReport report = reports.generate(shopId, Period.date("week", week), caller.getName());
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(report.id())).build()).entity(report).build();
    }

    /** The shop's reports, the latest week first. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Page<WeeklyReport> list(@PathParam("shopId") String shopId,
                                   @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                   @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        access.require(shopId);
        return reports.find(shopId, page, size);
    }

    @GET
    @Path("/{reportId: [0-9]+}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE))
    public WeeklyReport get(@PathParam("shopId") String shopId, @PathParam("reportId") long reportId) {
        access.require(shopId);
        return reports.get(shopId, reportId);
    }

    /** The report as a page; it carries text from events, escaped, and is served to run no script at all. */
    @GET
    @Path("/{reportId: [0-9]+}.html")
    @Produces(HTML)
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response html(@PathParam("shopId") String shopId, @PathParam("reportId") long reportId) {
        access.require(shopId);
        return Response.ok(reports.html(shopId, reportId), HTML)
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    /** The report for Excel: UTF-8 with BOM, CRLF, RFC 4180 quoting; KPIs, then the alerts. */
    @GET
    @Path("/{reportId: [0-9]+}.csv")
    @Produces(CSV)
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response csv(@PathParam("shopId") String shopId, @PathParam("reportId") long reportId) {
        access.require(shopId);
        WeeklyReport report = reports.get(shopId, reportId);
        return Response.ok(reports.csv(shopId, reportId), CSV)
                .header("Content-Disposition", "attachment; filename=\"" + filename(report) + "\"")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    /** shipsync-weekly-<shop>-<Monday>-<id>.csv, the shop id kept to characters safe in a header and a file name. */
    static String filename(WeeklyReport report) {
        return "shipsync-weekly-" + report.shopId().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + report.weekStart() + "-"
                + report.id() + ".csv";
    }
}
