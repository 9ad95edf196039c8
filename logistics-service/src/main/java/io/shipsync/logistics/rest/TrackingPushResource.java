package io.shipsync.logistics.rest;

import io.shipsync.logistics.TrackingPushes;
import io.shipsync.trackingfeed.PushReply;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The tracking feed's push callback (轨迹推送回调), {@code shipsync.tracking-feed.callback-url}. No token: the feed
 * signs each push, and the signature is checked before anything is stored. Answered with the exact body the feed
 * expects, so it does not resend.
 */
@Path("/tracking-feed/{provider}/push")
@Tag(name = "tracking")
public class TrackingPushResource {

    private final TrackingPushes pushes;

    TrackingPushResource(TrackingPushes pushes) {
        this.pushes = pushes;
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response push(@PathParam("provider") String provider, MultivaluedMap<String, String> form) {
        Map<String, String> fields = new HashMap<>();
        form.forEach((name, values) -> fields.put(name, values.isEmpty() ? null : values.get(0)));
        PushReply reply = pushes.accept(provider, fields);
        return Response.ok(reply.body(), reply.contentType()).build();
    }
}
