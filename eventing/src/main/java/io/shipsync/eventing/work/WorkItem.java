package io.shipsync.eventing.work;

/**
 * One claimed unit of work: what to work on ({@code key}, a domain row's id), for which shop, the attempt
 * number, and whether an earlier holder's lease ran out mid-work ({@code interrupted}: its outcome, say a
 * platform call, is unknown and must be checked rather than assumed).
 */
public record WorkItem(long id, String queue, String shopId, String key, int attempt, boolean interrupted) {
}
