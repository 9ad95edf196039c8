package io.shipsync.alerting;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.shipsync.alerting.client.ServiceMetrics;
import io.shipsync.alerting.notify.Notifications;
import io.shipsync.alerting.rule.PipelineRule;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.infra.testing.Rows;
import io.shipsync.infra.testing.TestClock;
import io.shipsync.infra.testing.TestTokens;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's health, read from a real service's real {@code /q/metrics}: this one's. Its own work queue is planted
 * with a stuck item and a dead one; the alerts hold while the figures do and resolve when they drop.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class PipelineRuleTest {

    private static final String QUEUE = Notifications.QUEUE;

    @Inject
    PipelineRule pipeline;
    @Inject
    DataSource dataSource;
    @Inject
    TestClock clock;

    @Test
    void figuresAreReadFromThePrometheusText() {
        ServiceMetrics.Figures figures = ServiceMetrics.parse("""
                # HELP shipsync_consumer_stall_seconds
                # TYPE shipsync_consumer_stall_seconds gauge
                shipsync_consumer_stall_seconds 312.5
                shipsync_work_oldest_due_seconds{queue="platform-declaration"} 0.0
                shipsync_work_oldest_due_seconds{application="order-service",queue="auto-ship"} 901.0
                shipsync_work_dead{queue="auto-ship"} 2.0
                shipsync_work_depth{queue="auto-ship"} 40.0
                """);
        assertThat(figures.consumerStallSeconds()).isEqualTo(312.5);
        assertThat(figures.oldestDueSeconds()).containsEntry("auto-ship", 901.0).containsEntry("platform-declaration", 0.0);
        assertThat(figures.deadItems()).containsOnlyKeys("auto-ship").containsEntry("auto-ship", 2.0);
    }

    @Test
    void aStuckItemAndADeadOneInAWorkQueueAreAlertsWhileTheyLast() {
        URI self = URI.create("http://localhost:" + RestAssured.port);
        Subject queue = Subject.service("alerting-service/" + QUEUE);
        // Leftovers of other tests' channels would hold the figures up.
        Rows.update(dataSource, "DELETE FROM work_items WHERE queue = ? AND (state = 'DEAD' OR lease_until > now() + interval '1 hour')",
                QUEUE);
        for (Rule rule : List.of(Rule.QUEUE_STALLED, Rule.QUEUE_DEAD_ITEMS)) {
            await().atMost(OperationsShop.WITHIN).until(() -> {
                pipeline.check("alerting-service", self);
                return alerts(rule, queue).stream().allMatch(a -> "RESOLVED".equals(a.get("state")));
            });
        }

        String shop = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        Timestamp longAgo = Timestamp.from(clock.instant().minus(Duration.ofMinutes(20)));
        // Leased by a worker that hangs: no worker takes it while the lease lasts.
        Rows.update(dataSource, """
                INSERT INTO work_items (queue, shop_id, item_key, state, due_at, lease_token, lease_until, last_error)
                VALUES (?, ?, 'stuck', 'READY', ?, ?, now() + interval '1 day', NULL),
                       (?, ?, 'dead', 'DEAD', ?, NULL, NULL, 'HTTP 400: the robot key is invalid')""",
                QUEUE, shop, longAgo, UUID.randomUUID(), QUEUE, shop, longAgo);

        await().atMost(OperationsShop.WITHIN).untilAsserted(() -> assertThat(given().get("/q/metrics").then().statusCode(200)
                .extract().asString().lines().filter(l -> l.startsWith("shipsync_work_dead")).toList())
                .anySatisfy(l -> assertThat(l).contains("queue=\"" + QUEUE + "\"").endsWith(" 1.0")));
        Map<String, Object> stalled = awaitAlert(self, Rule.QUEUE_STALLED, queue, "OPEN");
        assertThat(stalled).containsEntry("severity", "CRITICAL");
        assertThat((String) stalled.get("summary")).startsWith("alerting-service: work queue notification's oldest due item has waited");
        Map<String, Object> dead = awaitAlert(self, Rule.QUEUE_DEAD_ITEMS, queue, "OPEN");
        assertThat((String) dead.get("summary")).contains("holds 1 item(s) that failed for good");
        pipeline.check("alerting-service", self);
        assertThat(alerts(Rule.QUEUE_DEAD_ITEMS, queue)).first().satisfies(a -> assertThat(a)
                .as("a figure still holding is no new sighting").containsEntry("repeats", 1).containsEntry("state", "OPEN"));

        Rows.update(dataSource, "DELETE FROM work_items WHERE queue = ? AND shop_id = ?", QUEUE, shop);
        awaitAlert(self, Rule.QUEUE_STALLED, queue, "RESOLVED");
        assertThat(awaitAlert(self, Rule.QUEUE_DEAD_ITEMS, queue, "RESOLVED")).containsEntry("resolution", "CONDITION_CLEARED");
    }

    /** Reads the figures until the rule's latest alert about the subject is in {@code state} (NONE: there is none). */
    private Map<String, Object> awaitAlert(URI self, Rule rule, Subject subject, String state) {
        await().atMost(OperationsShop.WITHIN).pollInterval(Duration.ofSeconds(1)).until(() -> {
            pipeline.check("alerting-service", self);
            return alerts(rule, subject).stream().findFirst().map(a -> (String) a.get("state")).orElse("NONE");
        }, state::equals);
        return alerts(rule, subject).stream().findFirst().orElse(Map.of());
    }

    private List<Map<String, Object>> alerts(Rule rule, Subject subject) {
        return given().auth().oauth2(TestTokens.viewer(pipeline.shopId())).queryParam("rule", rule.name())
                .queryParam("subjectType", subject.type().name()).queryParam("subjectId", subject.id())
                .get("/api/shops/{s}/alerts", pipeline.shopId()).then().statusCode(200).extract().jsonPath().getList("items");
    }
}
