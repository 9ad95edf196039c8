package io.shipsync.eventing.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure of every ShipSync API into {@link Problem} (application/problem+json). */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return e.problem().withInstance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(ResteasyReactiveViolationException e, UriInfo uri) {
        return violations(e, uri);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        return violations(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
        return Problem.of(400, "Malformed request body", "The request body does not match the expected shape.")
                .withErrors(List.of(new Problem.FieldError(field, e.getOriginalMessage())))
                .withInstance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return Problem.of(400, "Malformed request body", "The request body is not valid JSON: " + e.getOriginalMessage())
                .withInstance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(Problem.of(401, "Unauthorized",
                        "A valid bearer token is required (missing, expired or wrongly signed).")
                .withInstance(uri.getPath()).toResponse()).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        String detail = e.getMessage() != null && !e.getMessage().isBlank()
                ? e.getMessage() : "The token does not allow this action.";
        return Problem.of(403, "Forbidden", detail).withInstance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Problem.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage())
                .withInstance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        String ref = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure on %s (ref %s)", uri.getPath(), ref);
        return Problem.of(500, "Internal error", "The request failed unexpectedly; quote ref " + ref + " to the operator.")
                .withInstance(uri.getPath()).toResponse();
    }

    private static Response violations(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .toList();
        return Problem.of(400, "Invalid request", "The request has " + errors.size() + " invalid value(s).")
                .withErrors(errors).withInstance(uri.getPath()).toResponse();
    }

    /** "declare.arg1.packages[0].trackingNumber" → "packages[0].trackingNumber". */
    private static String field(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 && parts[1].startsWith("arg") ? parts[2] : path;
    }
}
