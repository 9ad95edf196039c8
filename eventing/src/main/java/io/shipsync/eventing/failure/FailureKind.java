package io.shipsync.eventing.failure;

/** What a failure says about trying again; decided once, by {@link Failures#classify}, for every consumer and queue. */
public enum FailureKind {
    /** Something the work depends on is down or busy (database, lock, broker, platform): wait and retry, never give up. */
    TRANSIENT,
    /** The work can never succeed as it is (undecodable, schema-invalid, a broken invariant): dead-letter it with the reason. */
    PERMANENT,
    /** Neither is known (most likely a bug): a few more tries, then treat as permanent so a fix can redrive it. */
    UNKNOWN
}
