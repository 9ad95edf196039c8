package io.shipsync.order.rest;

import io.shipsync.order.platform.PushRefusals;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a push whose declared length is over {@link PlatformCallbackResource#MAX_BODY_BYTES} before any of its
 * body is read (pre-matching: ahead of the body handler); one without a length is capped by the resource's read.
 */
public class CallbackBodyLimit {

    private final PushRefusals refusals;

    CallbackBodyLimit(PushRefusals refusals) {
        this.refusals = refusals;
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseLargeBodies(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().startsWith(PlatformCallbackResource.PATH)
                && declaredLength(request.getHeaderString(HttpHeaders.CONTENT_LENGTH)) > PlatformCallbackResource.MAX_BODY_BYTES) {
            return PlatformCallbackResource.tooLarge(refusals);
        }
        return null;
    }

    /** Parsed as a long: a length beyond an int is the case this filter exists for. */
    private static long declaredLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
