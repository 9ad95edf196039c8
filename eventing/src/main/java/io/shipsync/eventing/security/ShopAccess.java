package io.shipsync.eventing.security;

import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Decides, for every service, which shops the caller may act for: the {@code shops} claim of its bearer
 * token. Resources call {@link #require(String)} before touching a shop's data; roles are checked by
 * {@code @RolesAllowed} with {@link Roles}.
 */
@RequestScoped
public class ShopAccess {

    public static final String SHOPS_CLAIM = "shops";

    private final JsonWebToken token;

    ShopAccess(JsonWebToken token) {
        this.token = token;
    }

    public Set<String> shops() {
        Object claim = token.getClaim(SHOPS_CLAIM);
        if (claim instanceof JsonArray array) {
            return array.stream().filter(JsonString.class::isInstance)
                    .map(v -> ((JsonString) v).getString()).collect(Collectors.toUnmodifiableSet());
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
        }
        return claim == null ? Set.of() : Set.of(claim.toString());
    }

    /** Refuses with 403 unless the caller's token names {@code shopId}. */
    public void require(String shopId) {
        if (!shops().contains(shopId)) {
            throw new ForbiddenException("This token does not grant access to shop " + shopId + ".");
        }
    }
}
