package io.shipsync.eventing.secrets;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The cipher as configured; built on first use, so a service that seals nothing needs no key. */
public class SecretCipherProducer {

    @Produces
    @Singleton
    SecretCipher secretCipher(@ConfigProperty(name = SecretCipher.KEYS) Optional<String> keys,
                              @ConfigProperty(name = SecretCipher.ACTIVE_KEY) Optional<String> activeKey) {
        return SecretCipher.fromSettings(keys.orElse(null), activeKey.orElse(null));
    }
}
