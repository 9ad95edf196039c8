package io.shipsync.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.alerting.client.LogisticsService;
import io.shipsync.alerting.client.ServiceUnavailable;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

/**
 * 切换备用快递 from a delayed parcel's alert: the one click a parcel never collected ({@link Rule#NO_FIRST_SCAN}, the case
 * logistics-service can switch) and the stall ladder's third step suggest. logistics-service is asked to switch the alert's
 * parcel to the shop's backup carrier as the person clicking (their own token is forwarded, so logistics-service
 * authorizes them), and once it accepted, who did it is recorded in the alert's history. No transaction is held
 * while logistics-service is asked.
 */
@ApplicationScoped
public class CarrierSwitchAction {

    /** The alerts whose subject is a parcel a backup carrier could take over. */
    static final Set<Rule> SWITCHABLE = EnumSet.of(Rule.NO_FIRST_SCAN, Rule.TRACKING_STALLED);

    private final AlertRepository repository;
    private final LogisticsService logistics;
    private final ObjectMapper json;
    private final Clock clock;

    CarrierSwitchAction(AlertRepository repository, LogisticsService logistics, ObjectMapper json, Clock clock) {
        this.repository = repository;
        this.logistics = logistics;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Asks for the switch of the unresolved delay alert's parcel; logistics-service's answer when it accepted.
     *
     * @throws UnknownAlert         no such alert in the shop
     * @throws NotAParcelDelayAlert the alert is about no delayed parcel
     * @throws AlertNotOpen         the alert is resolved: its parcel moved or its tracking ended
     * @throws CarrierSwitchRefused logistics-service refused, with its status and reason
     * @throws LogisticsUnavailable logistics-service did not answer, or answered 5xx
     */
    public LogisticsService.Answer request(String shopId, long alertId, String by, String bearerToken) {
        Alert alert = QuarkusTransaction.requiringNew().call(() -> repository.find(shopId, alertId))
                .orElseThrow(() -> new UnknownAlert(shopId, alertId));
        if (!SWITCHABLE.contains(alert.rule()) || alert.subject().type() != SubjectType.TRACKING_NUMBER) {
            throw new NotAParcelDelayAlert(alert);
        }
        if (alert.state() == AlertState.RESOLVED) {
            throw new AlertNotOpen(alert, "switched to the backup carrier");
        }
        LogisticsService.Answer answer;
        try {
            answer = logistics.switchCarrier(shopId, alert.subject().id(), bearerToken);
        } catch (ServiceUnavailable e) {
            throw new LogisticsUnavailable(e.getMessage(), e);
        } catch (FaultToleranceException e) {
            throw new LogisticsUnavailable("no answer in time (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogisticsUnavailable("interrupted", e);
        }
        if (!answer.accepted()) {
            throw new CarrierSwitchRefused(answer.status(), answer.detail());
        }
        QuarkusTransaction.requiringNew().run(() -> repository.act(alertId, AlertAction.Kind.SWITCH_CARRIER, by,
                note(answer), null, clock.instant()));
        return answer;
    }

    /** The switch as logistics-service described it: its id and the carriers, for the alert's timeline. */
    private String note(LogisticsService.Answer answer) {
        try {
            JsonNode done = json.readTree(answer.body());
            return "切换备用快递 requested: switch " + done.path("switchId").asText("?") + ", "
                    + done.path("fromCarrier").asText("?") + " " + done.path("fromNumber").asText("") + " → "
                    + done.path("toCarrier").asText("?") + " (" + done.path("step").asText("?") + ")";
        } catch (IOException e) {
            return "切换备用快递 requested: logistics-service answered " + answer.status();
        }
    }
}
