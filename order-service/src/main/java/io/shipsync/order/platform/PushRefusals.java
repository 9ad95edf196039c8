package io.shipsync.order.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.shipsync.order.platform.CallbackCrypto.CallbackRejected.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Counts refused callbacks per reason (metric {@code shipsync_callback_refusals_total{reason}}) and logs them
 * aggregated: at most one WARN line per reason per report interval, with the count, never one per request, so a
 * flood of forged pushes can neither fill the logs nor hide in them.
 */
@Startup // the counters exist from the start, at zero, not from the first refusal
@ApplicationScoped
public class PushRefusals {

    private static final Logger LOG = Logger.getLogger(PushRefusals.class);

    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);
    private final Map<Reason, AtomicLong> unreported = new EnumMap<>(Reason.class);

    PushRefusals(MeterRegistry registry) {
        for (Reason reason : Reason.values()) {
            counters.put(reason, Counter.builder("shipsync.callback.refusals").tag("reason", reason.name())
                    .description("WeChat push callbacks refused, by reason").register(registry));
            unreported.put(reason, new AtomicLong());
        }
    }

    public void count(Reason reason) {
        counters.get(reason).increment();
        unreported.get(reason).incrementAndGet();
    }

    @Scheduled(every = "${shipsync.wechat.refusal-report-interval:1m}", delayed = "${shipsync.wechat.refusal-report-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledReport() {
        report();
    }

    /** Logs one line per reason refused since the last report; how many lines it logged. */
    public int report() {
        int lines = 0;
        for (Map.Entry<Reason, AtomicLong> entry : unreported.entrySet()) {
            long refused = entry.getValue().getAndSet(0);
            if (refused > 0) {
                LOG.warnf("Refused %d WeChat push callback(s) since the last report: %s", refused, entry.getKey());
                lines++;
            }
        }
        return lines;
    }
}
