package io.shipsync.eventing.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.shipsync.eventing.http.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks shop access from the path ({@code /api/shops/{shopId}/…}) for every service, before the body is read
 * or validated: a caller without access to the shop gets 403 whatever it sent, so a bad body cannot tell it
 * more (400 naming fields) than a good one. Request filters run after the role check ({@code @RolesAllowed},
 * which authenticates) and before the body is deserialized and validated. Resources still call
 * {@link ShopAccess#require(String)}: the check stays next to the data it guards.
 */
public class ShopAccessFilter {

    static final String SHOP_PATHS = "/api/shops/";
    static final String SHOP_PARAMETER = "shopId";

    private final CurrentIdentityAssociation identities;

    ShopAccessFilter(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Response> requireShopAccess(UriInfo uri) {
        String shopId = uri.getPathParameters().getFirst(SHOP_PARAMETER);
        if (shopId == null || !uri.getPath().startsWith(SHOP_PATHS)) {
            return Uni.createFrom().nullItem();
        }
        // Deferred: authentication is lazy (quarkus.http.auth.proactive=false) and this may run on the event loop.
        return identities.getDeferredIdentity().map(identity -> refusal(identity, shopId, uri.getPath()));
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
