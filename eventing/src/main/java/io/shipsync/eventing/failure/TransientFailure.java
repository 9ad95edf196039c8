package io.shipsync.eventing.failure;

/**
 * Marks an exception whose cause is a dependency being unavailable (e.g. the WeChat Shop API answering -1
 * or timing out). {@link Failures#classify} treats it as {@link FailureKind#TRANSIENT} wherever it appears
 * in a cause chain.
 */
public interface TransientFailure {
}
