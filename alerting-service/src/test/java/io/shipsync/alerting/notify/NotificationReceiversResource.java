package io.shipsync.alerting.notify;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.shipsync.eventing.security.Roles;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.TestTokens;
import java.util.Map;

/**
 * Points the WeCom robot and Tencent SMS channels at platform-sim's receivers (the JVM's one embedded simulator), and
 * order-service and logistics-service at {@link ServiceReceivers}, with a system token of the tests' key as this
 * service's own.
 */
public class NotificationReceiversResource implements QuarkusTestResourceLifecycleManager {

    /** alerting-service's token towards order-service: role system, no shop. */
    public static final String SERVICE_TOKEN = TestTokens.token(Roles.SYSTEM);

    @Override
    public Map<String, String> start() {
        String sim = PlatformSimResource.sim().baseUrl();
        String services = ServiceReceivers.get().baseUrl();
        return Map.of("shipsync.alerting.wecom.url", sim + "/cgi-bin/webhook/send", "shipsync.alerting.tencent-sms.url", sim,
                "shipsync.alerting.order-service.url", services, "shipsync.alerting.logistics-service.url", services,
                "shipsync.alerting.service-token", SERVICE_TOKEN);
    }

    @Override
    public void stop() {
        // The simulator and the receivers live as long as the JVM: other test classes may use them.
    }
}
