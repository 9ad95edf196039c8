package io.shipsync.inventory.platform;

/** Platform stock sync is switched off, so there is nothing to reconcile with. */
public class PlatformSyncDisabled extends RuntimeException {

    public PlatformSyncDisabled() {
        super("Platform stock sync is switched off (shipsync.inventory.platform.enabled).");
    }
}
