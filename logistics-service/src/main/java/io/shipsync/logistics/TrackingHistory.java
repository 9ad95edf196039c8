package io.shipsync.logistics;

import io.shipsync.events.TrackingCheckpoint;
import io.shipsync.events.TrackingState;
import io.shipsync.trackingfeed.FeedEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Merges a carrier's pushed history (物流轨迹) into the history we hold for a tracking number.
 *
 * <p>The feeds push a number's full history, newest first, and the same push may arrive twice, late, out of order,
 * or with entries re-labelled. The merge therefore depends only on the set of entries ever seen: the same pushes in
 * any order and with any repeats give the same history and the same status.
 *
 * <p><b>Same entry.</b> Two entries are the same when they have the same instant and the same text once whitespace
 * is normalised (trimmed, runs of whitespace, full-width and no-break spaces collapsed to one space). The state
 * code is deliberately not part of it: kuaidi100 and 快递鸟 re-label an entry between pushes (a basic state "0" in
 * one, a sub-state "1002" in the next), and keying on it would store the same scan twice.
 *
 * <p><b>Order.</b> By instant, then by {@linkplain #lifecycleRank(TrackingState) lifecycle rank}, then by
 * normalised text, then by the remaining fields, so the order is total. When the same entry comes with different
 * labels, the one that sorts last in this order is kept; hence the newest entry can only move forward in this
 * order, and no push moves the status back.
 */
public final class TrackingHistory {

    /** The order of the merged history, oldest first; total over distinct checkpoints. */
    public static final Comparator<TrackingCheckpoint> ORDER = Comparator
            .comparing(TrackingCheckpoint::at)
            .thenComparingInt((TrackingCheckpoint c) -> lifecycleRank(c.state()))
            .thenComparing(c -> normalisedText(c.description()))
            .thenComparing(TrackingCheckpoint::description)
            .thenComparing(TrackingCheckpoint::carrierState)
            .thenComparing(TrackingCheckpoint::location, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(TrackingCheckpoint::exceptionReason,
                    Comparator.nullsFirst(Comparator.<String>naturalOrder()));

    private TrackingHistory() {
    }

    /**
     * The outcome of merging one push.
     *
     * @param history every entry held after the push, deduplicated, oldest first in {@link #ORDER}
     * @param added   the entries this push brought that were not held before, in the same order; empty for a push
     *                that repeats what we hold
     */
    public record Merge(List<TrackingCheckpoint> history, List<TrackingCheckpoint> added) {

        public Merge {
            history = List.copyOf(history);
            added = List.copyOf(added);
        }

        /** The newest entry; empty only when nothing was ever pushed. */
        public Optional<TrackingCheckpoint> newest() {
            return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
        }

        /** The parcel's status: the newest entry's state. */
        public Optional<TrackingState> status() {
            return newest().map(TrackingCheckpoint::state);
        }
    }

    /**
     * Merges a push into the stored history.
     *
     * <p>An entry dated before the newest one we hold only fills a gap in the history: it cannot become the newest.
     * An entry at the same instant as the newest is placed by the tiebreak of {@link #ORDER}, which is what keeps
     * the result independent of the order the pushes arrive in.
     *
     * @param stored the history held so far, in any order (duplicates tolerated)
     * @param pushed the pushed entries, in any order (the feeds send newest first; duplicates tolerated)
     * @return the merged history and what the push added
     * @throws IllegalArgumentException when a pushed entry lacks its instant, state, raw state or text
     */
    public static Merge merge(List<TrackingCheckpoint> stored, List<FeedEntry> pushed) {
        Map<String, TrackingCheckpoint> held = deduplicate(stored);
        Map<String, TrackingCheckpoint> brought = new HashMap<>();
        for (FeedEntry entry : pushed) {
            TrackingCheckpoint checkpoint = checkpoint(entry);
            brought.merge(key(checkpoint), checkpoint, TrackingHistory::later);
        }

        List<TrackingCheckpoint> added = new ArrayList<>();
        Map<String, TrackingCheckpoint> merged = new HashMap<>(held);
        brought.forEach((key, checkpoint) -> {
            TrackingCheckpoint kept = merged.merge(key, checkpoint, TrackingHistory::later);
            if (!held.containsKey(key)) {
                added.add(kept);
            }
        });

        List<TrackingCheckpoint> history = new ArrayList<>(merged.values());
        history.sort(ORDER);
        added.sort(ORDER);
        return new Merge(history, added);
    }

    /**
     * A pushed entry as a stored checkpoint: the area as location, or the city when the feed sent no area.
     *
     * @throws IllegalArgumentException when the entry lacks its instant, state, raw state or text
     */
    public static TrackingCheckpoint checkpoint(FeedEntry entry) {
        String location = entry.area() != null ? entry.area() : entry.city();
        return new TrackingCheckpoint(entry.at(), entry.state(), entry.rawState(), location, entry.text(),
                entry.exceptionReason());
    }

    /**
     * Where a state sorts among entries of the same instant: the step a parcel takes later sorts later, so a
     * delivery logged in the same minute as the courier's departure counts as the newer of the two.
     */
    static int lifecycleRank(TrackingState state) {
        switch (state.current()) {
            case INFO_RECEIVED:
                return 0;
            case PICKED_UP:
                return 1;
            case IN_TRANSIT:
                return 2;
            case OUT_FOR_DELIVERY:
                return 3;
            case AT_PICKUP_POINT:
                return 4;
            case EXCEPTION:
                return 5;
            case RETURNING:
                return 6;
            case DELIVERED:
                return 7;
            case RETURNED:
                return 8;
            case CANCELLED:
                return 9;
            default:
                throw new IllegalArgumentException("no rank for " + state);
        }
    }

    /** The identity of an entry across pushes: its instant and its whitespace-normalised text. */
    static String key(TrackingCheckpoint checkpoint) {
        return checkpoint.at() + "|" + normalisedText(checkpoint.description());
    }

    /** The text trimmed, with every run of whitespace (full-width U+3000 and no-break spaces too) as one space. */
    static String normalisedText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Map<String, TrackingCheckpoint> deduplicate(List<TrackingCheckpoint> checkpoints) {
        Map<String, TrackingCheckpoint> byKey = new HashMap<>();
        for (TrackingCheckpoint checkpoint : checkpoints) {
            byKey.merge(key(checkpoint), checkpoint, TrackingHistory::later);
        }
        return byKey;
    }

    /** Of two labels for the same entry, the one that sorts last: a choice that ignores which came first. */
    private static TrackingCheckpoint later(TrackingCheckpoint a, TrackingCheckpoint b) {
        return ORDER.compare(a, b) >= 0 ? a : b;
    }
}
