package io.shipsync.logistics;

import java.time.Instant;
import java.util.UUID;

/**
 * 批量打单: numbers taken for many orders in one operator action, from one carrier's e-waybill account and
 * template, with its progress.
 */
public record PrintRun(UUID runId, String shopId, String carrierCode, String accountId, String templateId, int total,
                       Instant createdAt, String createdBy, Progress progress) {

    /**
     * How far the run is: numbers taken, orders that got none (refused or held, each with its reason on the
     * waybill), and those still to do.
     */
    public record Progress(int taken, int failed, int remaining) {

        public boolean finished() {
            return remaining == 0;
        }
    }
}
