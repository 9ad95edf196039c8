package io.shipsync.order;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One SKU of an order, with its quantity and unit price in 分. */
@Embeddable
public class OrderLine {

    @Column(name = "product_id")
    public String productId;
    @Column(name = "sku_id")
    public String skuId;
    @Column(name = "sku_code")
    public String skuCode;
    public int quantity;
    @Column(name = "unit_price_fen")
    public long unitPriceFen;
}
