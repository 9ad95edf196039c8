package io.shipsync.logistics;

import io.shipsync.carriers.Carrier;
import io.shipsync.carriers.CarrierCatalog;
import io.shipsync.trackingfeed.FeedUnavailable;
import io.shipsync.trackingfeed.TrackingFeeds;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which carrier a bare number may belong to (单号识别). Formats overlap (many carriers' numbers are plain digits),
 * so a format never proves a carrier: the candidates are the carriers whose rules accept the number, ranked with
 * those the feed's recognition (autonumber) confirms first, in its order.
 */
@ApplicationScoped
public class CarrierSuggestions {

    private final CarrierCatalog catalog = CarrierCatalog.standard();
    private final TrackingFeeds feeds;

    CarrierSuggestions(TrackingFeeds feeds) {
        this.feeds = feeds;
    }

    /**
     * @param carriers       the candidates, most likely first
     * @param feedConsulted  whether the feed answered; when it did not, the ranking rests on formats alone
     */
    public record Suggestions(String trackingNumber, List<Suggestion> carriers, boolean feedConsulted) {
    }

    /**
     * @param formatMatches whether the number has one of the carrier's formats (and its check digit, where it has one)
     * @param feedConfirms  whether the feed's recognition names the carrier
     */
    public record Suggestion(String deliveryId, String name, boolean formatMatches, boolean feedConfirms) {
    }

    public Suggestions suggest(String trackingNumber) {
        Optional<List<String>> recognized;
        try {
            recognized = Optional.of(feeds.current().recognize(trackingNumber));
        } catch (FeedUnavailable e) {
            recognized = Optional.empty();
        }
        List<String> confirmed = recognized.orElse(List.of());
        List<Suggestion> ranked = new ArrayList<>();
        for (String deliveryId : confirmed) {
            catalog.byDeliveryId(deliveryId).ifPresent(c ->
                    ranked.add(new Suggestion(c.deliveryId(), c.chineseName(), matches(c, trackingNumber), true)));
        }
        // Format-only candidates after the confirmed ones; a confirmed carrier whose format fails stays listed, with its flag.
        ranked.sort((a, b) -> Boolean.compare(b.formatMatches(), a.formatMatches()));
        for (Carrier carrier : catalog.all()) {
            if (carrier.formatRule().isPresent() && !confirmed.contains(carrier.deliveryId()) && matches(carrier, trackingNumber)) {
                ranked.add(new Suggestion(carrier.deliveryId(), carrier.chineseName(), true, false));
            }
        }
        return new Suggestions(trackingNumber, ranked, recognized.isPresent());
    }

    private static boolean matches(Carrier carrier, String trackingNumber) {
        return carrier.formatRule().isPresent() && carrier.check(trackingNumber).ok();
    }
}
