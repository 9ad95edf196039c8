package io.shipsync.alerting.rest;

import io.shipsync.alerting.kpi.KpiRepository;
import io.shipsync.alerting.kpi.Kpis;
import io.shipsync.alerting.kpi.Period;
import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A shop's KPIs (运营指标) for a day or a week, in event time; the definitions are in the README. */
@Path("/api/shops/{shopId}/kpis")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "kpis")
@SecurityRequirement(name = "jwt")
public class KpiResource {

    private final KpiRepository kpis;
    private final ShopAccess access;
    private final Clock clock;

    KpiResource(KpiRepository kpis, ShopAccess access, Clock clock) {
        this.kpis = kpis;
        this.access = access;
        this.clock = clock;
    }

    /**
     * The day {@code date}, or the week (Monday to Sunday) containing it, on China's wall clock (Asia/Shanghai):
     * sync latencies (p50/p90), the share shipped within 24 h, the abnormal-order rate, inventory accuracy, and
     * alerts by rule with their mean times to acknowledge and resolve.
     */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "200", description = "The KPIs with the counts they are made of")
    @APIResponse(responseCode = "400", description = "period not DAY or WEEK, or date not YYYY-MM-DD",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Kpis get(@PathParam("shopId") String shopId,
                    @Parameter(description = "DAY (when left out or empty) or WEEK") @QueryParam("period") String period,
                    @Parameter(description = "YYYY-MM-DD, a day of the period; today in Asia/Shanghai when left out or empty")
                    @QueryParam("date") String date) {
        access.require(shopId);
        // Left out or empty (`period=` reaches here as either): a day, today.
        Period.Kind kind = period == null || period.isBlank() ? Period.Kind.DAY : Period.kind(period);
        LocalDate day = date == null || date.isBlank() ? LocalDate.ofInstant(clock.instant(), Period.ZONE)
                : Period.date("date", date);
        return kpis.kpis(shopId, Period.of(kind, day));
    }
}
