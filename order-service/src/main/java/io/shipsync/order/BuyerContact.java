package io.shipsync.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.shipsync.eventing.http.ProblemException;
import io.shipsync.order.platform.WeChatShopClient;
import io.shipsync.wechat.PlatformError;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reaching an order's buyer when ShipSync itself follows a parcel up (the stall ladder's reminder, 提醒买家): the
 * buyer's phone as the platform decodes it (解密收货信息), and a customer-service message (商家客服消息) to the buyer's
 * openid. The phone is only ever handed to the caller: never stored, logged or announced. Platform calls run
 * outside any transaction. Counted in {@code shipsync_buyer_contacts_total{kind, outcome}}.
 */
@Startup // the counters exist from the start, at zero
@ApplicationScoped
public class BuyerContact {

    /** The number to call or text; {@code virtual} when it is a privacy number (虚拟号), not the buyer's own. */
    public record Phone(String orderId, String phone, boolean virtual) {
    }

    /** A message the platform took, by its msg_id. */
    public record Message(String orderId, String msgId) {
    }

    private enum Kind { PHONE, MESSAGE }

    private enum Outcome { OK, REFUSED, UNAVAILABLE }

    private final WeChatShopClient platform;
    private final BuyerIdentity buyers;
    private final Map<Kind, Map<Outcome, Counter>> counters = new EnumMap<>(Kind.class);

    BuyerContact(WeChatShopClient platform, BuyerIdentity buyers, MeterRegistry registry) {
        this.platform = platform;
        this.buyers = buyers;
        for (Kind kind : Kind.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Counter.builder("shipsync.buyer.contacts")
                        .tag("kind", kind.name().toLowerCase()).tag("outcome", outcome.name().toLowerCase())
                        .description("Buyer phones decoded and messages sent for ShipSync's follow-ups, by outcome")
                        .register(registry));
            }
            counters.put(kind, byOutcome);
        }
    }

    /**
     * @throws ProblemException 404 for an order the shop does not have, 409 when the platform gives no number
     * @throws PlatformRefused  e.g. the day's decode quota is used up, or the order was never paid
     */
    public Phone phone(String shopId, String orderId) {
        Order order = order(shopId, orderId);
        WeChatShopClient.BuyerPhone phone = call(Kind.PHONE, shopId, "to decode the buyer's phone of order " + orderId,
                () -> platform.buyerPhone(shopId, order.orderId)).orElseThrow(() -> {
                    count(Kind.PHONE, Outcome.REFUSED);
                    return ProblemException.conflict("WeChat Shop holds no phone number for order " + orderId + ".");
                });
        count(Kind.PHONE, Outcome.OK);
        return new Phone(order.orderId, phone.number(), phone.virtual());
    }

    /**
     * Sends {@code text} to the order's buyer; the platform sends a {@code requestId} once, so a caller retrying
     * with the same one reaches the buyer once.
     *
     * @throws ProblemException 404 for an order the shop does not have, 409 when its buyer's openid is not known
     */
    public Message message(String shopId, String orderId, String requestId, String text) {
        Order order = order(shopId, orderId);
        String openid = buyers.openid(order).orElseThrow(() -> ProblemException.conflict("The buyer of order " + orderId
                + " is not known to ShipSync (no openid: the order was not pushed by the platform)."));
        String msgId = call(Kind.MESSAGE, shopId, "to send a message to the buyer of order " + orderId,
                () -> platform.sendText(shopId, requestId, openid, text));
        count(Kind.MESSAGE, Outcome.OK);
        return new Message(order.orderId, msgId);
    }

    private static Order order(String shopId, String orderId) {
        return Order.find(shopId, orderId)
                .orElseThrow(() -> ProblemException.notFound("Shop " + shopId + " has no order " + orderId + "."));
    }

    /** A transient error stays as it is (503, worth retrying); any other errcode is the platform's refusal. */
    private <T> T call(Kind kind, String shopId, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (PlatformError.Unavailable e) {
            count(kind, Outcome.UNAVAILABLE);
            throw e;
        } catch (PlatformError e) {
            count(kind, Outcome.REFUSED);
            if (e.errcode() == PlatformError.NO_ACCOUNT) {
                throw ProblemException.conflict("Shop " + shopId + " has no WeChat Shop account here.");
            }
            throw new PlatformRefused(what, e);
        }
    }

    private void count(Kind kind, Outcome outcome) {
        counters.get(kind).get(outcome).increment();
    }
}
