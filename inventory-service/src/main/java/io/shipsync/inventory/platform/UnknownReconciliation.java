package io.shipsync.inventory.platform;

/** No reconciliation run of that id for the shop. */
public class UnknownReconciliation extends RuntimeException {

    public UnknownReconciliation(String shopId, long runId) {
        super("Shop " + shopId + " has no stock reconciliation " + runId + ".");
    }
}
