package io.shipsync.eventing.http;

import java.util.List;

/**
 * One page of a list an API returns: the items, which page of what size, and how many there are in all.
 *
 * @param page  0-based
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    public Page {
        items = List.copyOf(items);
    }

    /** Rows to skip for a 0-based page of this size. */
    public static int offset(int page, int size) {
        return Math.multiplyExact(page, size);
    }
}
