package io.shipsync.alerting.rule;

import io.shipsync.alerting.Rule;
import io.shipsync.alerting.Subject;
import io.shipsync.alerting.SubjectType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;

/** Rows of {@code rule_timers}; the sweep finds due ones through the partial index on {@code due_at}. */
@ApplicationScoped
public class TimerRepository {

    private static final String COLUMNS = "shop_id, rule, subject_type, subject_id, timer_key, due_at, fired_at, step";
    /** The sweep's query: served by the partial index {@code rule_timers_due}, however many timers wait. */
    static final String DUE = "SELECT " + COLUMNS + " FROM rule_timers WHERE fired_at IS NULL AND due_at <= ?1"
            + " ORDER BY due_at LIMIT ?2";
    private static final String BY_KEY = " WHERE shop_id = ?1 AND rule = ?2 AND subject_type = ?3 AND subject_id = ?4 AND timer_key = ?5";
    private static final String OF_SUBJECT = " WHERE shop_id = ?1 AND rule = ?2 AND subject_type = ?3 AND subject_id = ?4";

    private final Session session;

    TimerRepository(Session session) {
        this.session = session;
    }

    /** Sets the timer unless it exists: a deadline, once set, stays (e.g. a reprint does not move it). */
    public void setOnce(Timer timer) {
        key(session.createNativeQuery("INSERT INTO rule_timers (" + COLUMNS + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, 0)"
                + " ON CONFLICT DO NOTHING"), timer).setParameter(6, timer.dueAt()).executeUpdate();
    }

    /** Sets the timer, or moves a waiting one later: a quiet period starting again. */
    public void setOrPostpone(Timer timer) {
        key(session.createNativeQuery("INSERT INTO rule_timers (" + COLUMNS + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, 0)"
                + " ON CONFLICT (shop_id, rule, subject_type, subject_id, timer_key) DO UPDATE SET"
                + " due_at = greatest(rule_timers.due_at, EXCLUDED.due_at), fired_at = NULL"), timer)
                .setParameter(6, timer.dueAt()).executeUpdate();
    }

    /** Sets the timer, or starts it again from step 0 at its new due time: a ladder whose subject moved. */
    public void restart(Timer timer) {
        key(session.createNativeQuery("INSERT INTO rule_timers (" + COLUMNS + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, 0)"
                + " ON CONFLICT (shop_id, rule, subject_type, subject_id, timer_key) DO UPDATE SET"
                + " due_at = EXCLUDED.due_at, fired_at = NULL, step = 0"), timer)
                .setParameter(6, timer.dueAt()).executeUpdate();
    }

    /** Records {@code step} passed and waits for the next one, due at {@code nextDueAt}. */
    public void advance(Timer timer, int step, Instant nextDueAt) {
        key(session.createNativeQuery("UPDATE rule_timers SET step = ?6, due_at = ?7" + BY_KEY), timer)
                .setParameter(6, step).setParameter(7, nextDueAt).executeUpdate();
    }

    /** Timers due by {@code now}, the earliest first, without locking: the sweep's one indexed query. */
    public List<Timer> due(Instant now, int limit) {
        return session.createNativeQuery(DUE, Tuple.class)
                .setParameter(1, now).setParameter(2, limit)
                .getResultList().stream().map(TimerRepository::timer).toList();
    }

    /**
     * Takes a due timer for the caller's transaction: true when it still waits and is due by {@code now}, locked;
     * false when it was settled, fired, or is being taken by another replica.
     */
    public boolean claim(Timer timer, Instant now) {
        return !key(session.createNativeQuery("SELECT 1 FROM rule_timers" + BY_KEY
                + " AND fired_at IS NULL AND due_at <= ?6 FOR UPDATE SKIP LOCKED", Integer.class), timer)
                .setParameter(6, now).getResultList().isEmpty();
    }

    /** Marks the timer fired, kept so its rule knows what still holds the alert open. */
    public void fired(Timer timer) {
        fired(timer, timer.step());
    }

    /** Marks the timer fired with its last step passed: the ladder waits for its subject to move. */
    public void fired(Timer timer, int step) {
        key(session.createNativeQuery("UPDATE rule_timers SET fired_at = due_at, step = ?6" + BY_KEY), timer)
                .setParameter(6, step).executeUpdate();
    }

    public void delete(Timer timer) {
        key(session.createNativeQuery("DELETE FROM rule_timers" + BY_KEY), timer).executeUpdate();
    }

    /** Deletes every timer of the rule for the subject, waiting for one a sweep has claimed. */
    public void deleteOfSubject(String shopId, Rule rule, Subject subject) {
        subject(session.createNativeQuery("DELETE FROM rule_timers" + OF_SUBJECT), shopId, rule, subject).executeUpdate();
    }

    public List<Timer> ofSubject(String shopId, Rule rule, Subject subject) {
        return subject(session.createNativeQuery("SELECT " + COLUMNS + " FROM rule_timers" + OF_SUBJECT, Tuple.class),
                shopId, rule, subject).getResultList().stream().map(TimerRepository::timer).toList();
    }

    private static <T> NativeQuery<T> key(NativeQuery<T> query, Timer timer) {
        return subject(query, timer.shopId(), timer.rule(), timer.subject()).setParameter(5, timer.key());
    }

    private static <T> NativeQuery<T> subject(NativeQuery<T> query, String shopId, Rule rule, Subject subject) {
        return query.setParameter(1, shopId).setParameter(2, rule.name()).setParameter(3, subject.type().name())
                .setParameter(4, subject.id());
    }

    private static Timer timer(Tuple r) {
        return new Timer(r.get("shop_id", String.class), Rule.valueOf(r.get("rule", String.class)),
                new Subject(SubjectType.valueOf(r.get("subject_type", String.class)), r.get("subject_id", String.class)),
                r.get("timer_key", String.class), r.get("due_at", Instant.class), r.get("fired_at", Instant.class),
                r.get("step", Integer.class));
    }
}
