package io.shipsync.eventing.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Says at start-up whose tokens this replica takes. Using {@link JwtVerification} is also what makes a service
 * without its token settings refuse to start: Quarkus validates only the config mappings a bean uses.
 */
@ApplicationScoped
class TokenTrust {

    private static final Logger LOG = Logger.getLogger(TokenTrust.class);

    private final JwtVerification verification;

    TokenTrust(JwtVerification verification) {
        this.verification = verification;
    }

    void report(@Observes StartupEvent start) {
        LOG.infof("Bearer tokens taken from issuer %s for audience %s, verified with %s, at most %d s after issue",
                verification.issuer(), String.join(",", verification.audiences()), verification.publicKeyLocation(),
                verification.maxAgeSeconds());
    }
}
