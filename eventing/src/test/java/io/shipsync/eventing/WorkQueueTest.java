package io.shipsync.eventing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.eventing.probe.ProbeWork;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.infra.testing.RealInfrastructure;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The shared work queue on the real PostgreSQL: leases, isolation, classification, merging, metrics. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class WorkQueueTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    WorkQueue queue;
    @Inject
    EntityManager entityManager;

    @Test
    void aLeaseIsRenewedWhileTheWorkRunsSoNoOneElseTakesIt() {
        String key = "slow-" + UUID.randomUUID();
        submit(key, Instant.now());
        await().atMost(WITHIN).until(() -> ProbeWork.FINISHED.containsKey(key));
        // The run took 3.5 leases; without renewal the poller would have taken the item again meanwhile.
        assertThat(ProbeWork.RUNS.get(key)).hasValue(1);
        assertThat(ProbeWork.MOST_AT_ONCE.get(key)).hasValue(1);
        assertThat(ProbeWork.FINISHED.get(key).interrupted()).isFalse();
        await().atMost(WITHIN).until(() -> rows(key) == 0);
    }

    @Test
    void oneFailingItemNeverBlocksTheOthersAndEachFailureIsSortedOnce() {
        String run = UUID.randomUUID().toString();
        List<String> plain = IntStream.range(0, 10).mapToObj(i -> "ok-" + i + "-" + run).toList();
        QuarkusTransaction.requiringNew().run(() -> {
            queue.submit(ProbeWork.QUEUE, "shop-1", "dead-" + run, Instant.now());
            queue.submit(ProbeWork.QUEUE, "shop-1", "bug-" + run, Instant.now());
            queue.submit(ProbeWork.QUEUE, "shop-1", "flaky-" + run, Instant.now());
            plain.forEach(key -> queue.submit(ProbeWork.QUEUE, "shop-1", key, Instant.now()));
        });

        await().atMost(WITHIN).until(() -> plain.stream().allMatch(ProbeWork.FINISHED::containsKey));
        // A broken invariant is dead at once, with its reason; an unknown failure after max-attempts (3).
        await().atMost(WITHIN).until(() -> queue.dead(ProbeWork.QUEUE, "shop-1").containsKey("bug-" + run));
        assertThat(queue.dead(ProbeWork.QUEUE, "shop-1").get("dead-" + run)).contains("probe refuses dead-" + run);
        assertThat(ProbeWork.RUNS.get("dead-" + run)).hasValue(1);
        assertThat(ProbeWork.RUNS.get("bug-" + run)).hasValue(3);
        assertThat(queue.dead(ProbeWork.QUEUE, "shop-1").get("bug-" + run)).contains("probe bug");
        // A transient failure is retried with backoff until it goes through, and never dies.
        await().atMost(WITHIN).until(() -> ProbeWork.FINISHED.containsKey("flaky-" + run));
        assertThat(ProbeWork.FINISHED.get("flaky-" + run).attempt()).isEqualTo(3);
        assertThat(queue.dead(ProbeWork.QUEUE, "shop-1")).doesNotContainKey("flaky-" + run);

        await().atMost(WITHIN).untilAsserted(() -> given().when().get("/q/metrics").then()
                .body(containsString("shipsync_work_dead{queue=\"probe-work\"}"))
                .body(containsString("shipsync_work_depth{queue=\"probe-work\"}"))
                .body(containsString("shipsync_work_oldest_due_seconds{queue=\"probe-work\"}"))
                .body(containsString("shipsync_work_failures_total{kind=\"transient\",queue=\"probe-work\"}")));

        // Submitting a dead item again brings it back with fresh attempts.
        QuarkusTransaction.requiringNew().run(() -> queue.submit(ProbeWork.QUEUE, "shop-1", "dead-" + run, Instant.now()));
        await().atMost(WITHIN).until(() -> ProbeWork.RUNS.get("dead-" + run).get() == 2);
    }

    @Test
    void submissionsOfTheSameKeyMergeIntoOneRun() {
        String key = "merge-" + UUID.randomUUID();
        Instant due = Instant.now().plusMillis(500);
        QuarkusTransaction.requiringNew().run(() -> IntStream.range(0, 5)
                .forEach(i -> queue.submit(ProbeWork.QUEUE, "shop-1", key, due)));
        submit(key, due);
        await().atMost(WITHIN).until(() -> ProbeWork.FINISHED.containsKey(key) && rows(key) == 0);
        assertThat(ProbeWork.RUNS.get(key)).hasValue(1);
    }

    @Test
    void workSubmittedWhileAnItemBacksOffNeitherCutsTheBackoffShortNorResetsItsAttempts() {
        String key = "resubmitted-" + UUID.randomUUID();
        submit(key, Instant.now());
        await().atMost(WITHIN).until(() -> ProbeWork.FINISHED.containsKey(key));
        List<Instant> started = ProbeWork.STARTED.get(key);
        assertThat(started).hasSize(2);
        assertThat(Duration.between(started.get(0), started.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        assertThat(ProbeWork.FINISHED.get(key).attempt()).isEqualTo(2);
    }

    @Test
    void workWhoseHolderDiedIsTakenAgainAndMarkedInterrupted() {
        String key = "orphan-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                INSERT INTO work_items (queue, shop_id, item_key, due_at, attempts, lease_token, lease_until)
                VALUES (?1, 'shop-1', ?2, now(), 1, gen_random_uuid(), now() - interval '1 second')""")
                .setParameter(1, ProbeWork.QUEUE).setParameter(2, key).executeUpdate());
        await().atMost(WITHIN).until(() -> ProbeWork.FINISHED.containsKey(key));
        assertThat(ProbeWork.FINISHED.get(key).interrupted()).isTrue();
        assertThat(ProbeWork.FINISHED.get(key).attempt()).isEqualTo(2);
    }

    private void submit(String key, Instant due) {
        QuarkusTransaction.requiringNew().run(() -> queue.submit(ProbeWork.QUEUE, "shop-1", key, due));
    }

    private long rows(String key) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM work_items WHERE item_key = ?1").setParameter(1, key).getSingleResult()).longValue());
    }
}
