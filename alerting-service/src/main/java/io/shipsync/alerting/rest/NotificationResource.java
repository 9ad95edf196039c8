package io.shipsync.alerting.rest;

import io.shipsync.alerting.Rule;
import io.shipsync.alerting.notify.Channel;
import io.shipsync.alerting.notify.ChannelKind;
import io.shipsync.alerting.notify.Delivery;
import io.shipsync.alerting.notify.InvalidChannel;
import io.shipsync.alerting.notify.Notifications;
import io.shipsync.alerting.notify.QuietHours;
import io.shipsync.eventing.http.Page;
import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.events.AlertSeverity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A shop's notification channels (通知渠道), their delivery log, and its quiet hours (免打扰). */
@Path("/api/shops/{shopId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "notifications")
@SecurityRequirement(name = "jwt")
public class NotificationResource {

    private static final String CHANNEL_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private final Notifications notifications;
    private final ShopAccess access;
    private final JsonWebToken caller;
    private final Clock clock;

    NotificationResource(Notifications notifications, ShopAccess access, JsonWebToken caller, Clock clock) {
        this.notifications = notifications;
        this.access = access;
        this.caller = caller;
        this.clock = clock;
    }

    /**
     * A channel's settings. {@code url} only for a WEBHOOK (http or https); {@code secret} the robot's key, the
     * webhook's HMAC key or the Tencent Cloud SecretKey, required for a new channel and kept when left out;
     * {@code sms} only (and always) for SMS; {@code rules} empty or absent for every rule; {@code perMinute} defaults
     * to the kind's (WeCom robot 20, its documented limit and maximum; webhook 60; SMS 10).
     */
    public record ChannelSettings(@NotNull ChannelKind kind, @NotNull Boolean enabled, @Size(max = 2000) String url,
                                  @Size(min = 8, max = 512) String secret, AlertSeverity minSeverity, Set<@NotNull Rule> rules,
                                  @Min(1) @Max(600) Integer perMinute, @Min(1) @Max(50) Integer maxAttempts,
                                  @Valid SmsSettings sms) {
    }

    /**
     * Tencent Cloud SMS: the API key's {@code secretId}, the application's {@code sdkAppId}, the approved
     * {@code signName} and {@code templateId} (parameters: severity, rule, subject), the buyer reminder's
     * {@code buyerTemplateId} (optional), and the staff {@code recipients} (+86 and 11 digits).
     */
    public record SmsSettings(@NotNull @Size(min = 1, max = 128) String secretId,
                              @NotNull @Pattern(regexp = "\\d{1,32}") String sdkAppId,
                              @NotNull @Size(min = 1, max = 64) String signName,
                              @NotNull @Pattern(regexp = "\\d{1,32}") String templateId,
                              @Pattern(regexp = "\\d{1,32}") String buyerTemplateId,
                              @NotNull @Size(max = 200) List<@NotNull @Pattern(regexp = "\\+861\\d{10}") String> recipients) {

        Channel.Sms sms() {
            return new Channel.Sms(secretId, sdkAppId, signName, templateId, buyerTemplateId, recipients);
        }

        /** As the API shows them: the SecretId and the numbers masked. */
        static SmsSettings of(Channel.Sms s) {
            return new SmsSettings(Channel.maskPhone(s.secretId()), s.sdkAppId(), s.signName(), s.templateId(),
                    s.buyerTemplateId(), s.recipients().stream().map(Channel::maskPhone).toList());
        }
    }

    /** A channel as the API shows it: the secret masked. */
    public record ChannelView(String channelId, ChannelKind kind, boolean enabled, String url, String secret,
                              AlertSeverity minSeverity, Set<Rule> rules, int perMinute, int maxAttempts, SmsSettings sms,
                              Instant updatedAt, String updatedBy) {

        static ChannelView of(Channel c) {
            return new ChannelView(c.channelId(), c.kind(), c.enabled(), c.url(), c.maskedSecret(), c.minSeverity(), c.rules(),
                    c.perMinute(), c.maxAttempts(), c.sms() == null ? null : SmsSettings.of(c.sms()), c.updatedAt(),
                    c.updatedBy());
        }
    }

    /** Quiet hours: {@code starts} and {@code ends} as HH:mm on the wall clock of {@code zone}; {@code enabled} false removes them. */
    public record QuietHoursSettings(@NotNull Boolean enabled, @Pattern(regexp = "\\d{2}:\\d{2}") String starts,
                                     @Pattern(regexp = "\\d{2}:\\d{2}") String ends, String zone) {
    }

    public record QuietHoursView(boolean enabled, String starts, String ends, String zone, Instant updatedAt, String updatedBy) {

        static QuietHoursView of(QuietHours q) {
            return new QuietHoursView(true, q.starts().toString(), q.ends().toString(), q.zone().getId(), q.updatedAt(),
                    q.updatedBy());
        }
    }

    @GET
    @Path("/channels")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public List<ChannelView> channels(@PathParam("shopId") String shopId) {
        access.require(shopId);
        return notifications.channels(shopId).stream().map(ChannelView::of).toList();
    }

    @PUT
    @Path("/channels/{channelId}")
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "400", description = "Settings the channel cannot work with",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public ChannelView save(@PathParam("shopId") String shopId, @PathParam("channelId") String channelId,
                            @Valid @NotNull ChannelSettings settings) {
        access.require(shopId);
        if (!channelId.matches(CHANNEL_ID)) {
            throw new InvalidChannel("channel id must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if ((settings.kind() == ChannelKind.WEBHOOK) != (settings.url() != null)) {
            throw new InvalidChannel("url is required for a WEBHOOK and not taken for a WECOM_ROBOT");
        }
        if ((settings.kind() == ChannelKind.SMS) != (settings.sms() != null)) {
            throw new InvalidChannel("sms settings are required for an SMS channel and not taken for others");
        }
        if (settings.url() != null && !isHttp(settings.url())) {
            throw new InvalidChannel("url must be an absolute http or https URL");
        }
        int perMinute = settings.perMinute() == null ? settings.kind().defaultPerMinute() : settings.perMinute();
        if (settings.kind() == ChannelKind.WECOM_ROBOT && perMinute > ChannelKind.WECOM_ROBOT.defaultPerMinute()) {
            throw new InvalidChannel("a WeCom robot takes at most 20 messages a minute");
        }
        return ChannelView.of(notifications.save(new Channel(shopId, channelId, settings.kind(), settings.enabled(),
                settings.url(), settings.secret(), settings.minSeverity() == null ? AlertSeverity.INFO : settings.minSeverity(),
                settings.rules() == null ? Set.of() : settings.rules(), perMinute,
                settings.maxAttempts() == null ? 5 : settings.maxAttempts(),
                settings.sms() == null ? null : settings.sms().sms(), clock.instant(), caller.getName())));
    }

    /** Sends a test message on the channel now, quiet hours or not; its delivery shows how it went. */
    @POST
    @Path("/channels/{channelId}/test")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "202", description = "The test message's delivery, on its way")
    @APIResponse(responseCode = "404", description = "No such channel", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response test(@PathParam("shopId") String shopId, @PathParam("channelId") String channelId) {
        access.require(shopId);
        return Response.accepted(notifications.test(shopId, channelId, caller.getName())).build();
    }

    /** The delivery log: each message, newest first, with every attempt and what the channel answered. */
    @GET
    @Path("/deliveries")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Page<Delivery> deliveries(@PathParam("shopId") String shopId, @QueryParam("alertId") Long alertId,
                                     @QueryParam("channelId") String channelId, @QueryParam("state") Delivery.State state,
                                     @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                     @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        access.require(shopId);
        return notifications.deliveries(shopId, alertId, channelId, state, page, size);
    }

    @GET
    @Path("/quiet-hours")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public QuietHoursView quietHours(@PathParam("shopId") String shopId) {
        access.require(shopId);
        return notifications.quietHours(shopId).map(QuietHoursView::of)
                .orElse(new QuietHoursView(false, null, null, null, null, null));
    }

    @PUT
    @Path("/quiet-hours")
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "400", description = "Times or zone not understood", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public QuietHoursView setQuietHours(@PathParam("shopId") String shopId, @Valid @NotNull QuietHoursSettings settings) {
        access.require(shopId);
        if (!settings.enabled()) {
            notifications.setQuietHours(shopId, null);
            return new QuietHoursView(false, null, null, null, null, null);
        }
        QuietHours quiet;
        try {
            quiet = new QuietHours(LocalTime.parse(required(settings.starts(), "starts")),
                    LocalTime.parse(required(settings.ends(), "ends")), ZoneId.of(required(settings.zone(), "zone")),
                    clock.instant(), caller.getName());
        } catch (DateTimeException e) {
            throw new InvalidChannel("quiet hours not understood: " + e.getMessage());
        }
        if (quiet.starts().equals(quiet.ends())) {
            throw new InvalidChannel("quiet hours must start and end at different times");
        }
        notifications.setQuietHours(shopId, quiet);
        return QuietHoursView.of(quiet);
    }

    private static String required(String value, String name) {
        if (value == null) {
            throw new InvalidChannel(name + " is required when quiet hours are enabled");
        }
        return value;
    }

    private static boolean isHttp(String url) {
        try {
            URI uri = URI.create(url);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
