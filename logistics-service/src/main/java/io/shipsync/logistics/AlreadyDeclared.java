package io.shipsync.logistics;

/** A waybill whose number was already declared to the platform (发货) can't be cancelled: the parcel is on its way. */
public class AlreadyDeclared extends RuntimeException {

    private final Waybill waybill;

    public AlreadyDeclared(Waybill waybill) {
        super("waybill " + waybill.waybillId() + " (" + waybill.carrierCode() + " " + waybill.trackingNumber()
                + ") was declared for order " + waybill.orderId() + " at " + waybill.declaredAt() + " and can't be cancelled");
        this.waybill = waybill;
    }

    public Waybill waybill() {
        return waybill;
    }
}
