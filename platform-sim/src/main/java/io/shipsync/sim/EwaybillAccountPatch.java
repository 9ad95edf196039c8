package io.shipsync.sim;

/** Changes an account by hand, as the merchant or carrier would: its status and/or its balance ({@code available}). */
public record EwaybillAccountPatch(Integer status, Long available) {

    public EwaybillAccountPatch {
        if (status == null && available == null) {
            throw new IllegalArgumentException("a patch sets status and/or available");
        }
        if (status != null && (status < EwaybillAccountView.PENDING || status > EwaybillAccountView.UNBOUND)) {
            throw new IllegalArgumentException("status is 1 pending, 2 unauthorized, 3 normal or 4 unbound");
        }
        if (available != null && available < 0) {
            throw new IllegalArgumentException("available must not be negative");
        }
    }
}
