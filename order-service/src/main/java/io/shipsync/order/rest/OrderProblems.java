package io.shipsync.order.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.shipsync.eventing.http.Problem;
import io.shipsync.order.PlatformRefused;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** order-service's own refusals as {@link Problem} (application/problem+json); eventing maps the rest. */
public class OrderProblems {

    /** A problem with the platform's errcode and errmsg as extension members, for callers that act on the code. */
    public record PlatformProblem(@JsonUnwrapped Problem problem, int errcode, String errmsg) {
    }

    /** 409: the request was fine, the platform will not do it now (a quota used up, an order not paid…). */
    @ServerExceptionMapper
    public Response refused(PlatformRefused e, UriInfo uri) {
        Problem problem = Problem.of(409, "Refused by WeChat Shop", e.getMessage()).withInstance(uri.getPath());
        return Response.status(409).type(Problem.MEDIA_TYPE)
                .entity(new PlatformProblem(problem, e.errcode(), e.errmsg())).build();
    }
}
