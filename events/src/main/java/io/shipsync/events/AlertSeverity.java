package io.shipsync.events;

/** How urgent an alert (告警) is; notification channels and quiet hours go by it. */
public enum AlertSeverity {
    /** Worth knowing; nothing is at risk yet. */
    INFO,
    /** Needs attention today, e.g. stock running low. */
    WARNING,
    /** A buyer sees the problem or will soon, e.g. a printed parcel never declared; never held back by quiet hours. */
    CRITICAL
}
