package io.shipsync.events;

/** What freezing a SKU for sale (冻结) does on the platform. */
public enum FreezePolicy {
    /** Platform stock is set to 0 (by a difference), so buyers see 已售罄 until it is unfrozen. */
    PLATFORM_ZERO,
    /** Nothing changes on the platform; the freeze is announced for people to act on. */
    ANNOUNCE_ONLY
}
