package io.shipsync.eventing.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer-token checks every service must make ({@code mp.jwt.verify.*}, read by smallrye-jwt), declared as
 * required (and used by {@link TokenTrust}) so that a service missing one refuses to start and names it, e.g.
 * "Could not expand value SHIPSYNC_JWT_AUDIENCE in property mp.jwt.verify.audiences". smallrye-jwt alone would
 * start without an audience it cannot read, and then accept tokens for any audience. The specification's other
 * {@code mp.jwt.verify.*} settings are declared too, so they may be set; a misspelt one fails start-up.
 */
@ConfigMapping(prefix = "mp.jwt.verify")
public interface JwtVerification {

    /** The {@code iss} every token must carry. */
    String issuer();

    /** A token's {@code aud} must name one of these. */
    Set<String> audiences();

    /** The issuer's public key: a PEM file, or a JWKS document or URL. */
    @WithName("publickey.location")
    String publicKeyLocation();

    /** Seconds since a token's {@code iat} after which it is refused, whatever its {@code exp} says. */
    @WithName("token.age")
    long maxAgeSeconds();

    /** The key itself instead of its location (smallrye-jwt reads it; ShipSync sets the location). */
    @WithName("publickey")
    Optional<String> publicKey();

    /** RS256 unless the issuer signs otherwise (e.g. ES256). */
    @WithName("publickey.algorithm")
    Optional<String> publicKeyAlgorithm();

    /** Seconds of clock difference tolerated on expiry and age (smallrye-jwt: 60). */
    @WithName("clock.skew")
    Optional<Integer> clockSkewSeconds();
}
