package io.shipsync.labels;

import java.util.List;
import java.util.Objects;

/**
 * One shipping label: one page of a print run. Personal data arrives already masked (张*, 138****5678): the label
 * prints the text it is given and masks nothing itself.
 *
 * @param shopName       the shop's name, printed in the footer; null for none
 * @param orderId        the WeChat Shop order id
 * @param carrierName    the carrier as shown to people, e.g. 顺丰速运
 * @param carrierCode    the carrier's WeChat {@code delivery_id}, e.g. SF
 * @param trackingNumber the tracking number, encoded as the Code128 barcode; printable ASCII, and short enough for
 *                       bars of at least 0.25 mm across the 76 mm label
 * @param receiver       the receiver, masked
 * @param sender         the sender; null for none
 * @param items          the order's lines, in order; those that do not fit are counted on the last line
 */
public record Label(String shopName, String orderId, String carrierName, String carrierCode, String trackingNumber,
                    Contact receiver, Contact sender, List<Item> items) {

    public Label {
        requireText(orderId, "orderId");
        requireText(carrierName, "carrierName");
        requireText(carrierCode, "carrierCode");
        requireText(trackingNumber, "trackingNumber");
        Objects.requireNonNull(receiver, "receiver");
        items = List.copyOf(items);
        // Checked here, not when the page is drawn, so a run is refused before any of it is streamed.
        Code128.moduleDots(trackingNumber);
    }

    /** A receiver or sender. Any field may be null; the receiver's come masked. */
    public record Contact(String name, String phone, String address) {
    }

    /** An order line: the product (and SKU) name as the buyer saw it, and how many. */
    public record Item(String name, int quantity) {

        public Item {
            requireText(name, "name");
            if (quantity < 1) {
                throw new IllegalArgumentException("quantity must be at least 1, got " + quantity + " for " + name);
            }
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
