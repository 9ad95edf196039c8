package io.shipsync.events;

import java.time.Instant;
import java.util.List;

/**
 * A declaration (发货) settled with WeChat Shop: the platform acknowledged delivery/send or deliveryinfo/update, or
 * refused it for good. order-service announces it once per declaration, after every transient failure has been
 * retried away; until then the declaration is pending. alerting-service raises "declared, not synced" from it and
 * measures printed → acknowledged. Keyed by the order id.
 *
 * @param orderId         platform order id
 * @param declarationId   order-service's number of the declaration (one per OrderShipped sent to the platform)
 * @param action          delivery/send, or deliveryinfo/update for a correction
 * @param trackingNumbers the numbers the declaration carried
 * @param outcome         acknowledged, or refused
 * @param errcode         the platform's errcode of a refusal, else absent
 * @param errmsg          the platform's errmsg of a refusal, else absent
 * @param attempts        calls it took, transient failures included; 0 for packages shipped on the platform itself
 *                        and adopted
 * @param declaredAt      when the declaration was made (its OrderShipped)
 * @param settledAt       when the platform's final answer arrived
 */
public record DeclarationSettled(String orderId, long declarationId, Action action, List<String> trackingNumbers,
                                 Outcome outcome, Integer errcode, String errmsg, int attempts, Instant declaredAt,
                                 Instant settledAt) implements DomainEvent {

    /** Which platform call carried the declaration. */
    public enum Action { SEND, UPDATE }

    /** How it ended. */
    public enum Outcome { ACKNOWLEDGED, REFUSED }

    public DeclarationSettled {
        Checks.id(orderId, "orderId");
        Checks.atLeast(declarationId, 1, "declarationId");
        Checks.required(action, "action");
        trackingNumbers = Checks.nonEmpty(trackingNumbers, "trackingNumbers");
        Checks.required(outcome, "outcome");
        if (outcome == Outcome.REFUSED && errcode == null) {
            throw new IllegalArgumentException("errcode is required for a refusal");
        }
        errmsg = Checks.optionalId(errmsg, "errmsg");
        Checks.atLeast(attempts, 0, "attempts");
        declaredAt = Checks.time(declaredAt, "declaredAt");
        settledAt = Checks.time(settledAt, "settledAt");
    }

    @Override
    public String aggregateId() {
        return orderId;
    }
}
