package io.shipsync.alerting.notify;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.shipsync.infra.testing.PlatformSimResource;
import java.util.Map;

/** Points the WeCom robot and Tencent SMS channels at platform-sim's receivers (the JVM's one embedded simulator). */
public class NotificationReceiversResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String sim = PlatformSimResource.sim().baseUrl();
        return Map.of("shipsync.alerting.wecom.url", sim + "/cgi-bin/webhook/send", "shipsync.alerting.tencent-sms.url", sim);
    }

    @Override
    public void stop() {
        // The simulator lives as long as the JVM: other test classes may use it.
    }
}
