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
 * token. {@link ShopAccessFilter} checks the path's shop before the body is read; resources call
 * {@link #require(String)} before touching a shop's data; roles are checked by {@code @RolesAllowed} with {@link Roles}.
 */
@RequestScoped
public class ShopAccess {

    public static final String SHOPS_CLAIM = "shops";

    private final JsonWebToken token;

    ShopAccess(JsonWebToken token) {
        this.token = token;
    }

    public Set<String> shops() {
        return shopsOf(token);
    }

    /** The shops a token names (its {@value #SHOPS_CLAIM} claim); none when it names none. */
    public static Set<String> shopsOf(JsonWebToken token) {
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
            throw new ForbiddenException(refusal(shopId));
        }
    }

    static String refusal(String shopId) {
        return "This token does not grant access to shop " + shopId + ".";
    }
}
