package io.shipsync.eventing.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.shipsync.eventing.http.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks shop access from the path ({@code /api/shops/{shopId}/…}) for every service, before anything else looks at
 * the request: a caller without access to the shop gets 403 whatever it sent, so a bad body (400 naming fields), a
 * wrong media type (415) or a path that does not exist (404) cannot tell it more than a good request. The filter runs
 * before the request is matched to a resource, so it reads the shop from the path itself; a caller without a valid
 * token gets 401 here. Resources still call {@link ShopAccess#require(String)}: the check stays next to the data it
 * guards.
 */
public class ShopAccessFilter {

    static final String SHOP_PATHS = "/api/shops/";

    private final CurrentIdentityAssociation identities;

    ShopAccessFilter(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHORIZATION)
    public Uni<Response> requireShopAccess(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        String shopId = shopOf(path);
        if (shopId == null) {
            return Uni.createFrom().nullItem();
        }
        // Deferred: authentication is lazy (quarkus.http.auth.proactive=false) and this may run on the event loop.
        return identities.getDeferredIdentity().map(identity -> refusal(identity, shopId, path));
    }

    /** The shop a path names ({@code /api/shops/{shopId}} and below); null for any other path. */
    static String shopOf(String path) {
        if (path == null || !path.startsWith(SHOP_PATHS) || path.length() == SHOP_PATHS.length()) {
            return null;
        }
        int end = path.indexOf('/', SHOP_PATHS.length());
        return path.substring(SHOP_PATHS.length(), end < 0 ? path.length() : end);
    }

    private static Response refusal(SecurityIdentity identity, String shopId, String path) {
        if (identity == null || identity.isAnonymous()) {
            return Response.fromResponse(Problem.of(401, "Unauthorized",
                            "A valid bearer token is required (missing, expired or wrongly signed).")
                    .withInstance(path).toResponse()).header("WWW-Authenticate", "Bearer").build();
        }
        if (identity.getPrincipal() instanceof JsonWebToken token && ShopAccess.shopsOf(token).contains(shopId)) {
            return null;
        }
        return Problem.of(403, "Forbidden", ShopAccess.refusal(shopId)).withInstance(path).toResponse();
    }
}
