package io.shipsync.sim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The order and after-sale events the platform pushes (消息推送), by their wire names (reference §2.4). */
public enum PushEvent {
    ORDER_NEW("channels_ec_order_new"),
    ORDER_PAY("channels_ec_order_pay"),
    ORDER_WAIT_SHIPPING("channels_ec_order_wait_shipping"),
    ORDER_CANCEL("channels_ec_order_cancel"),
    ORDER_DELIVER("channels_ec_order_deliver"),
    ORDER_CONFIRM("channels_ec_order_confirm"),
    ORDER_SETTLE("channels_ec_order_settle"),
    AFTERSALE_UPDATE("channels_ec_aftersale_update");

    private final String wireName;

    PushEvent(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Accepts the wire name ({@code channels_ec_order_pay}) or the constant name ({@code ORDER_PAY}). */
    @JsonCreator
    public static PushEvent of(String name) {
        for (PushEvent event : values()) {
            if (event.wireName.equals(name) || event.name().equals(name)) {
                return event;
            }
        }
        throw new IllegalArgumentException("unknown push event " + name);
    }
}
