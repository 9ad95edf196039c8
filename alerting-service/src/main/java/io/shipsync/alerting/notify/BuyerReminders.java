package io.shipsync.alerting.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shipsync.alerting.Alert;
import io.shipsync.alerting.client.OrderService;
import io.shipsync.alerting.client.ServiceRefused;
import io.shipsync.alerting.client.ServiceUnavailable;
import io.shipsync.alerting.operations.ParcelRepository;
import io.shipsync.alerting.operations.Tracking;
import io.shipsync.carriers.Carrier;
import io.shipsync.carriers.CarrierCatalog;
import io.shipsync.eventing.work.WorkQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

/**
 * The stall ladder's 提醒买家 (remind the buyer): for each order whose parcel carries the stalled number, an SMS on each of
 * the shop's enabled SMS channels with a buyer template ({@link Delivery.Reason#BUYER_REMINDER}) and one WeChat
 * customer-service message (客服消息) that order-service sends ({@link Delivery.Reason#BUYER_MESSAGE}). They are created
 * in the step's transaction and sent by {@link DeliveryWork} like any delivery: retried, logged attempt by attempt. The
 * buyer's number is asked of order-service at each SMS attempt and used only for that request: it is never stored,
 * logged or announced. Buyers are not woken: both wait for the end of the shop's quiet hours, whatever the severity.
 */
@ApplicationScoped
public class BuyerReminders {

    private static final Logger LOG = Logger.getLogger(BuyerReminders.class);
    /** A mainland mobile number, optionally +86: the only kind Tencent Cloud SMS takes here. */
    private static final Pattern MOBILE = Pattern.compile("(?:\\+?86)?(1\\d{10})");
    private static final CarrierCatalog CARRIERS = CarrierCatalog.standard();

    private final ChannelRepository channels;
    private final DeliveryRepository deliveries;
    private final ParcelRepository parcels;
    private final WorkQueue work;
    private final TencentSmsSender sms;
    private final OrderService orders;
    private final ObjectMapper json;
    private final Clock clock;

    BuyerReminders(ChannelRepository channels, DeliveryRepository deliveries, ParcelRepository parcels, WorkQueue work,
                   TencentSmsSender sms, OrderService orders, ObjectMapper json, Clock clock) {
        this.channels = channels;
        this.deliveries = deliveries;
        this.parcels = parcels;
        this.work = work;
        this.sms = sms;
        this.orders = orders;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The alert's parcel reached 提醒买家: its buyers are owed an SMS per SMS channel with a buyer template and one
     * WeChat message per order. The orders are those whose live parcel carries the number, or the one its tracking
     * names when no parcel does.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void remind(Alert alert, Tracking number) {
        List<String> orderIds = parcels.liveOrdersOf(alert.shopId(), number.trackingNumber());
        if (orderIds.isEmpty() && number.orderId() != null) {
            orderIds = List.of(number.orderId());
        }
        if (orderIds.isEmpty()) {
            LOG.infof("No buyer reminder for %s of shop %s (alert %d): no order is known to carry it",
                    number.trackingNumber(), alert.shopId(), alert.id());
            return;
        }
        String carrier = CARRIERS.byDeliveryId(number.carrierCode()).map(Carrier::chineseName).orElse(number.carrierCode());
        Instant now = clock.instant();
        Instant due = channels.quietHours(alert.shopId()).map(quiet -> quiet.release(now)).orElse(now);
        List<Channel> smsChannels = channels.all(alert.shopId()).stream()
                .filter(c -> c.enabled() && c.sms() != null && c.sms().buyerTemplateId() != null).toList();
        for (String orderId : orderIds) {
            for (Channel channel : smsChannels) {
                submit(alert, channel.channelId(), orderId, Delivery.Reason.BUYER_REMINDER,
                        sms.renderBuyerReminder(channel, carrier, number.trackingNumber()), now, due);
            }
            submit(alert, null, orderId, Delivery.Reason.BUYER_MESSAGE,
                    message(UUID.randomUUID().toString(), text(carrier, number.trackingNumber())), now, due);
        }
    }

    /** What the buyer reads in WeChat (zh-CN, well under order-service's 500 characters). */
    static String text(String carrierName, String trackingNumber) {
        return "您的包裹（" + carrierName + " " + trackingNumber + "）暂未更新物流，我们正在催促快递，请耐心等待。";
    }

    private void submit(Alert alert, String channelId, String orderId, Delivery.Reason reason, String body, Instant now,
                        Instant due) {
        long id = deliveries.create(alert.shopId(), channelId, alert.id(), orderId, reason, alert.severity(), body, now, due);
        work.submit(Notifications.QUEUE, alert.shopId(), Long.toString(id), due);
    }

    /** order-service's body; the requestId, stored with it, makes every attempt the same message to the platform. */
    private String message(String requestId, String text) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("requestId", requestId);
        body.put("text", text);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One attempt of a buyer delivery, outside any transaction. A refusal by order-service (unknown order, the platform
     * refusing) is final; order-service or the platform unreachable is tried again, after its Retry-After if it gave one.
     *
     * @param channel the SMS channel of a BUYER_REMINDER; null for a BUYER_MESSAGE
     */
    ChannelSender.Sent send(Channel channel, Delivery delivery) throws InterruptedException {
        try {
            if (delivery.reason() == Delivery.Reason.BUYER_MESSAGE) {
                String msgId = orders.sendBuyerMessage(delivery.shopId(), delivery.orderId(), delivery.body());
                return ChannelSender.Sent.of(Delivery.Outcome.SENT, 200, msgId, null);
            }
            OrderService.BuyerPhone phone = orders.buyerPhone(delivery.shopId(), delivery.orderId());
            Matcher mobile = MOBILE.matcher(phone.phone().strip());
            if (!mobile.matches()) {
                return ChannelSender.Sent.of(Delivery.Outcome.REJECTED, null, null, "the buyer's number from order-service"
                        + " is no mainland mobile number" + (phone.virtual() ? " (a privacy number, 虚拟号, with an extension)" : ""));
            }
            return scrubbed(sms.sendToBuyer(channel, delivery.body(), "+86" + mobile.group(1)), mobile.group(1));
        } catch (ServiceRefused e) {
            return ChannelSender.Sent.of(Delivery.Outcome.REJECTED, e.status(), null, e.getMessage());
        } catch (ServiceUnavailable e) {
            return new ChannelSender.Sent(Delivery.Outcome.TEMPORARY_FAILURE, e.status(), null, e.getMessage(),
                    e.retryAfterSeconds());
        } catch (FaultToleranceException e) {
            return ChannelSender.Sent.of(Delivery.Outcome.TEMPORARY_FAILURE, null, null, "order-service: " + e.getMessage());
        }
    }

    /** The SMS answer with the number masked wherever the channel's error quoted it: the log keeps no number. */
    private static ChannelSender.Sent scrubbed(ChannelSender.Sent sent, String mobile) {
        if (sent.error() == null || !sent.error().contains(mobile)) {
            return sent;
        }
        return new ChannelSender.Sent(sent.outcome(), sent.httpStatus(), sent.answerCode(),
                sent.error().replace(mobile, Channel.maskPhone(mobile)), sent.retryAfterSeconds());
    }
}
