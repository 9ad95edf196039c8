package io.shipsync.order;

import io.shipsync.wechat.Masking;

/**
 * The receiver of an order, masked before it is stored ({@link Masking}): enough for an operator to recognise a
 * parcel, never enough to contact or locate the buyer. It never leaves order-service: events carry the region only.
 */
public record Receiver(String name, String phone, String address) {

    public static Receiver masked(String name, String phone, String address) {
        return new Receiver(Masking.name(name), Masking.phone(phone), Masking.address(address));
    }
}
