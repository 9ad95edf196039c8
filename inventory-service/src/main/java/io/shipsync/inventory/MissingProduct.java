package io.shipsync.inventory;

/** A SKU received for the first time without the platform product it belongs to. */
public class MissingProduct extends RuntimeException {

    public MissingProduct() {
        super("A new SKU needs the platform product it belongs to.");
    }
}
