package io.shipsync.eventing.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How consumers wait out failures ({@code shipsync.consumer.*}). */
@ConfigMapping(prefix = "shipsync.consumer")
public interface ConsumerConfig {

    /** First wait after a transient failure; doubles per attempt. */
    @WithDefault("200ms")
    Duration retryInitial();

    /** Longest wait between two attempts while a dependency stays down. */
    @WithDefault("30s")
    Duration retryMax();

    /** Attempts at a record failing for an unknown reason (most likely a bug) before it is dead-lettered. */
    @WithDefault("3")
    int unknownAttempts();
}
