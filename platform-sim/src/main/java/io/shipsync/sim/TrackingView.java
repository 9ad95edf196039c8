package io.shipsync.sim;

import java.time.Instant;

/**
 * A number's current subscription at a tracking feed: its script, status (polling, shutdown, abort),
 * when it was subscribed, and how many of the script's steps were pushed so far.
 */
public record TrackingView(String feed, String number, String company, TrackingScript script, String status,
                           Instant subscribedAt, int stepsPushed, int steps, String callbackUrl) {
}
