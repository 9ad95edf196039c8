package io.shipsync.eventing.secrets.rest;

import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.secrets.SecretUnreadable;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A stored secret that does not open is this service's fault, not the caller's: 500, naming the place (table,
 * column, row) so the operator knows what to fix, never the value.
 */
public class SecretsProblems {

    private static final Logger LOG = Logger.getLogger(SecretsProblems.class);

    @ServerExceptionMapper
    public Response unreadable(SecretUnreadable e, UriInfo uri) {
        LOG.errorf("%s (on %s)", e.getMessage(), uri.getPath());
        return Problem.of(500, "Secret unreadable", e.getMessage()).withInstance(uri.getPath()).toResponse();
    }
}
