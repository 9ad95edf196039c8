package io.shipsync.order.reconcile;

import io.shipsync.order.reconcile.Reconciler.Counts;
import io.shipsync.order.reconcile.Reconciler.Note;
import io.shipsync.order.reconcile.Reconciler.Run;
import io.shipsync.order.reconcile.Reconciler.State;
import io.shipsync.order.reconcile.Reconciler.Window;
import io.shipsync.wechat.PlatformAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The order reconciliation runs ({@code order_reconciliations}) and what each fixed, found or could not compare
 * ({@code order_reconciliation_notes}). Every method runs in its caller's transaction.
 */
@ApplicationScoped
class ReconciliationRuns {

    /** Notes shown with a run; its counts cover them all. */
    private static final int NOTES_SHOWN = 1000;

    /** What an executor needs of a run still RUNNING: its shop, window and the listings already done. */
    record Plan(long id, String shopId, Instant from, Instant to, int stepsDone) {
    }

    /** Whether a note says what a run fixed, found or could not compare. */
    enum Outcome { FIXED, FOUND, FAILED }

    private final EntityManager entityManager;

    ReconciliationRuns(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    List<String> shopsWithAccount() {
        return PlatformAccount.<PlatformAccount>listAll().stream().map(a -> a.shopId).toList();
    }

    /** Records a run RUNNING; empty when the shop has one unfinished (the partial unique index says so). */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<Long> start(String shopId, Instant from, Instant to, String requestedBy, Instant now) {
        List<Tuple> rows = entityManager.createNativeQuery("""
                INSERT INTO order_reconciliations (shop_id, state, requested_by, window_from, window_to, started_at)
                VALUES (?1, 'RUNNING', ?2, ?3, ?4, ?5)
                ON CONFLICT (shop_id) WHERE state = 'RUNNING' DO NOTHING RETURNING id""", Tuple.class)
                .setParameter(1, shopId).setParameter(2, requestedBy).setParameter(3, from).setParameter(4, to)
                .setParameter(5, now).getResultList();
        return rows.stream().map(r -> r.get("id", Number.class).longValue()).findFirst();
    }

    /** The shop's unfinished run. */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<Long> unfinished(String shopId) {
        List<Tuple> rows = entityManager.createNativeQuery("""
                SELECT id FROM order_reconciliations WHERE shop_id = ?1 AND state = 'RUNNING'""", Tuple.class)
                .setParameter(1, shopId).getResultList();
        return rows.stream().map(r -> r.get("id", Number.class).longValue()).findFirst();
    }

    /** When the shop's latest run started. */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<Instant> lastStartedAt(String shopId) {
        List<Tuple> rows = entityManager.createNativeQuery("""
                SELECT max(started_at) AS started_at FROM order_reconciliations WHERE shop_id = ?1""", Tuple.class)
                .setParameter(1, shopId).getResultList();
        return rows.stream().map(r -> r.get("started_at", Instant.class)).filter(Objects::nonNull).findFirst();
    }

    /** The run, while it is RUNNING. */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<Plan> plan(long id) {
        List<Tuple> rows = entityManager.createNativeQuery("""
                SELECT id, shop_id, window_from, window_to, steps_done FROM order_reconciliations
                WHERE id = ?1 AND state = 'RUNNING'""", Tuple.class).setParameter(1, id).getResultList();
        return rows.stream().map(r -> new Plan(r.get("id", Number.class).longValue(), r.get("shop_id", String.class),
                r.get("window_from", Instant.class), r.get("window_to", Instant.class),
                r.get("steps_done", Number.class).intValue())).findFirst();
    }

    /** Adds one page of a listing: the ids it held and the orders read with order/get for them. */
    @Transactional(Transactional.TxType.MANDATORY)
    void counted(long id, int listed, int fetched) {
        entityManager.createNativeQuery("""
                UPDATE order_reconciliations SET listed = listed + ?2, fetched = fetched + ?3 WHERE id = ?1""")
                .setParameter(1, id).setParameter(2, listed).setParameter(3, fetched).executeUpdate();
    }

    /** A listing is done: a run taken over goes on after it. */
    @Transactional(Transactional.TxType.MANDATORY)
    void stepDone(long id, int stepsDone) {
        entityManager.createNativeQuery("""
                UPDATE order_reconciliations SET steps_done = ?2, last_error = NULL WHERE id = ?1""")
                .setParameter(1, id).setParameter(2, stepsDone).executeUpdate();
    }

    /** What the running run waits out before it goes on. */
    @Transactional(Transactional.TxType.MANDATORY)
    void waiting(long id, String reason) {
        entityManager.createNativeQuery("UPDATE order_reconciliations SET last_error = ?2 WHERE id = ?1 AND state = 'RUNNING'")
                .setParameter(1, id).setParameter(2, reason).executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void finish(long id, Instant at) {
        entityManager.createNativeQuery("""
                UPDATE order_reconciliations SET state = 'FINISHED', finished_at = ?2, last_error = NULL
                WHERE id = ?1 AND state = 'RUNNING'""").setParameter(1, id).setParameter(2, at).executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void fail(long id, Instant at, String error) {
        entityManager.createNativeQuery("""
                UPDATE order_reconciliations SET state = 'FAILED', finished_at = ?2, last_error = ?3
                WHERE id = ?1 AND state = 'RUNNING'""").setParameter(1, id).setParameter(2, at).setParameter(3, error)
                .executeUpdate();
    }

    /** Notes what the run fixed, found or could not compare for an order; the same note again replaces it. */
    @Transactional(Transactional.TxType.MANDATORY)
    void note(long id, String orderId, Outcome outcome, String what, String detail) {
        entityManager.createNativeQuery("""
                INSERT INTO order_reconciliation_notes (run_id, order_id, outcome, what, detail) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT (run_id, order_id, outcome, what) DO UPDATE SET detail = EXCLUDED.detail""")
                .setParameter(1, id).setParameter(2, orderId).setParameter(3, outcome.name()).setParameter(4, what)
                .setParameter(5, detail).executeUpdate();
    }

    /** The shop's run, with its counts and (the first {@value #NOTES_SHOWN} of) its notes. */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<Run> run(String shopId, long id) {
        List<Tuple> rows = entityManager.createNativeQuery("""
                SELECT r.id, r.shop_id, r.state, r.requested_by, r.window_from, r.window_to, r.started_at, r.finished_at,
                       r.listed, r.fetched, r.last_error,
                       count(n.id) FILTER (WHERE n.outcome = 'FIXED') AS fixed,
                       count(n.id) FILTER (WHERE n.outcome = 'FOUND') AS found,
                       count(n.id) FILTER (WHERE n.outcome = 'FAILED') AS failed
                FROM order_reconciliations r LEFT JOIN order_reconciliation_notes n ON n.run_id = r.id
                WHERE r.shop_id = ?1 AND r.id = ?2
                GROUP BY r.id""", Tuple.class).setParameter(1, shopId).setParameter(2, id).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Tuple r = rows.get(0);
        List<Tuple> notes = entityManager.createNativeQuery("""
                SELECT order_id, outcome, what, detail FROM order_reconciliation_notes WHERE run_id = ?1 ORDER BY id LIMIT ?2""",
                Tuple.class).setParameter(1, id).setParameter(2, NOTES_SHOWN).getResultList();
        List<Note> fixed = new ArrayList<>();
        List<Note> found = new ArrayList<>();
        List<Note> failed = new ArrayList<>();
        for (Tuple n : notes) {
            Note note = new Note(n.get("order_id", String.class), n.get("what", String.class), n.get("detail", String.class));
            switch (Outcome.valueOf(n.get("outcome", String.class))) {
                case FIXED -> fixed.add(note);
                case FOUND -> found.add(note);
                case FAILED -> failed.add(note);
            }
        }
        return Optional.of(new Run(r.get("id", Number.class).longValue(), r.get("shop_id", String.class),
                State.valueOf(r.get("state", String.class)), r.get("requested_by", String.class),
                new Window(r.get("window_from", Instant.class), r.get("window_to", Instant.class)),
                r.get("started_at", Instant.class), r.get("finished_at", Instant.class),
                new Counts(r.get("listed", Number.class).intValue(), r.get("fetched", Number.class).intValue(),
                        r.get("fixed", Number.class).intValue(), r.get("found", Number.class).intValue(),
                        r.get("failed", Number.class).intValue()),
                r.get("last_error", String.class), fixed, found, failed));
    }
}
