package io.shipsync.eventing.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.shipsync.eventing.failure.FailureKind;
import io.shipsync.eventing.failure.Failures;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.Comparator;
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
        if (Failures.classify(e) == FailureKind.TRANSIENT) {
            // A dependency (database, broker, platform) is down: nothing is wrong with the request.
            LOG.warnf("%s on %s: %s", "Unavailable", uri.getPath(), Failures.describe(e));
            return Response.fromResponse(Problem.of(503, "Service unavailable",
                            "A dependency of this service is unavailable right now; try again shortly.")
                    .withInstance(uri.getPath()).toResponse()).header("Retry-After", "5").build();
        }
        if (unstorableCharacter(e)) {
            // PostgreSQL text holds no NUL (U+0000): the request carried one in a value to look up or store.
            return Problem.of(400, "Invalid request",
                            "A value of the request contains a character that cannot be stored (U+0000).")
                    .withInstance(uri.getPath()).toResponse();
        }
        String ref = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure on %s (ref %s)", uri.getPath(), ref);
        return Problem.of(500, "Internal error", "The request failed unexpectedly; quote ref " + ref + " to the operator.")
                .withInstance(uri.getPath()).toResponse();
    }

    /** SQLSTATE 22021, character_not_in_repertoire, anywhere in the cause chain. */
    private static boolean unstorableCharacter(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "22021".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static Response violations(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return Problem.of(400, "Invalid request", "The request has " + errors.size() + " invalid value(s).")
                .withErrors(errors).withInstance(uri.getPath()).toResponse();
    }

    /** "place.request.items[0].quantity" → "items[0].quantity": the method and parameter say nothing to a caller. */
    private static String field(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            // Bean Validation puts an element's index on the node after the collection.
            if (node.isInIterable()) {
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                field.append(field.length() > 0 ? "." : "").append(node.getName());
            }
        }
        return field.length() == 0 ? "body" : field.toString();
    }
}
