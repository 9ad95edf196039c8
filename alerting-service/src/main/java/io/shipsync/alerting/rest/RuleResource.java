package io.shipsync.alerting.rest;

import io.shipsync.alerting.Rule;
import io.shipsync.alerting.RuleBook;
import io.shipsync.alerting.RuleSettings;
import io.shipsync.alerting.SubjectType;
import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.events.AlertSeverity;
import io.shipsync.events.StockLevel;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The shop's alert rules: each one's settings in force, and setting them. */
@Path("/api/shops/{shopId}/rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "rules")
@SecurityRequirement(name = "jwt")
public class RuleResource {

    private final RuleBook rules;
    private final ShopAccess access;
    private final JsonWebToken caller;

    RuleResource(RuleBook rules, ShopAccess access, JsonWebToken caller) {
        this.rules = rules;
        this.access = access;
        this.caller = caller;
    }

    /**
     * A rule's settings. {@code windowMinutes} only for the rules that have a window (PRINTED_NOT_DECLARED: minutes
     * after printing; STOCK_DISCREPANCY: quiet minutes before it clears; NO_FIRST_SCAN: minutes after the declaration),
     * {@code level} only for STOCK_LOW, {@code ladderMinutes} only for TRACKING_STALLED (minutes without movement for
     * each step: contact the carrier, remind the buyer, switch carrier, compensation case).
     */
    public record Settings(@NotNull Boolean enabled, @NotNull AlertSeverity severity, @Positive Integer windowMinutes,
                           StockLevel level, List<@NotNull @Positive Integer> ladderMinutes) {

        RuleSettings settings() {
            return new RuleSettings(enabled, severity, windowMinutes == null ? null : Duration.ofMinutes(windowMinutes), level,
                    ladderMinutes == null ? null : ladderMinutes.stream().map(Duration::ofMinutes).toList());
        }
    }

    /** A rule as it runs for the shop: what it watches, its settings, and whether they are the shop's or the defaults. */
    public record RuleView(Rule rule, SubjectType subjectType, String description, boolean enabled, AlertSeverity severity,
                           Integer windowMinutes, StockLevel level, List<Integer> ladderMinutes, RuleBook.Source source,
                           Instant updatedAt, String updatedBy) {

        static RuleView of(RuleBook.Effective effective) {
            RuleSettings s = effective.settings();
            Rule rule = effective.rule();
            return new RuleView(rule, rule.subjectType(), rule.description(), s.enabled(), s.severity(),
                    s.window() == null ? null : (int) s.window().toMinutes(), s.level(),
                    s.ladder() == null ? null : s.ladder().stream().map(threshold -> (int) threshold.toMinutes()).toList(),
                    effective.source(),
                    effective.updatedAt(), effective.updatedBy());
        }
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public List<RuleView> list(@PathParam("shopId") String shopId) {
        access.require(shopId);
        return rules.all(shopId).stream().map(RuleView::of).toList();
    }

    @PUT
    @Path("/{rule}")
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "400", description = "Settings the rule cannot run with", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such rule", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public RuleView set(@PathParam("shopId") String shopId, @PathParam("rule") Rule rule, @Valid @NotNull Settings settings) {
        access.require(shopId);
        return RuleView.of(rules.set(shopId, rule, settings.settings(), caller.getName()));
    }
}
