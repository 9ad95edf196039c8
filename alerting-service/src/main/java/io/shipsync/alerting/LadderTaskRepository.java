package io.shipsync.alerting;

import io.shipsync.alerting.operations.Tracking;
import io.shipsync.eventing.http.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/** {@code ladder_tasks}: the stall ladder's tasks, opened by its steps and closed by movement or by operators. */
@ApplicationScoped
public class LadderTaskRepository {

    private static final String COLUMNS = """
            id, shop_id, tracking_number, carrier_code, order_id, kind, stalled_since, opened_at, state, closed_at,
            closed_by, note""";

    private final Session session;

    LadderTaskRepository(Session session) {
        this.session = session;
    }

    /** Opens the step's task for this stall, once: the same stall's step run again opens nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void open(String shopId, Tracking number, LadderTask.Kind kind, Instant openedAt) {
        session.createNativeQuery("""
                        INSERT INTO ladder_tasks (shop_id, tracking_number, carrier_code, order_id, kind, stalled_since, opened_at, state)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'OPEN') ON CONFLICT DO NOTHING""")
                .setParameter(1, shopId).setParameter(2, number.trackingNumber()).setParameter(3, number.carrierCode())
                .setParameter(4, number.orderId()).setParameter(5, kind.name()).setParameter(6, number.lastCheckpointAt())
                .setParameter(7, openedAt).executeUpdate();
    }

    /** The parcel moved: asking the carrier where it is has no point any more. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void obsolete(String shopId, String trackingNumber, LadderTask.Kind kind, Instant at, String why) {
        session.createNativeQuery("""
                        UPDATE ladder_tasks SET state = 'OBSOLETE', closed_at = ?4, closed_by = 'system', note = ?5
                        WHERE shop_id = ?1 AND tracking_number = ?2 AND kind = ?3 AND state = 'OPEN'""")
                .setParameter(1, shopId).setParameter(2, trackingNumber).setParameter(3, kind.name()).setParameter(4, at)
                .setParameter(5, why).executeUpdate();
    }

    @Transactional
    public LadderTask done(String shopId, long taskId, String by, String note, Instant at) {
        LadderTask task = find(shopId, taskId, true).orElseThrow(() -> new UnknownTask(shopId, taskId));
        if (task.state() != LadderTask.State.OPEN) {
            throw new TaskNotOpen(task);
        }
        session.createNativeQuery("UPDATE ladder_tasks SET state = 'DONE', closed_at = ?2, closed_by = ?3, note = ?4 WHERE id = ?1")
                .setParameter(1, taskId).setParameter(2, at).setParameter(3, by).setParameter(4, note).executeUpdate();
        return find(shopId, taskId, false).orElseThrow();
    }

    /** The shop's tasks, the latest opened first, optionally of one state and kind. */
    @Transactional
    public Page<LadderTask> find(String shopId, LadderTask.State state, LadderTask.Kind kind, int page, int size) {
        String where = " WHERE shop_id = ?1 AND (CAST(?2 AS varchar) IS NULL OR state = ?2)"
                + " AND (CAST(?3 AS varchar) IS NULL OR kind = ?3)";
        List<LadderTask> items = session.createNativeQuery("SELECT " + COLUMNS + " FROM ladder_tasks" + where
                        + " ORDER BY opened_at DESC, id DESC LIMIT ?4 OFFSET ?5", Tuple.class)
                .setParameter(1, shopId).setParameter(2, state == null ? null : state.name())
                .setParameter(3, kind == null ? null : kind.name()).setParameter(4, size)
                .setParameter(5, Page.offset(page, size)).getResultList().stream().map(LadderTaskRepository::task).toList();
        long total = session.createNativeQuery("SELECT count(*) FROM ladder_tasks" + where, Long.class)
                .setParameter(1, shopId).setParameter(2, state == null ? null : state.name())
                .setParameter(3, kind == null ? null : kind.name()).getSingleResult();
        return new Page<>(items, page, size, total);
    }

    private Optional<LadderTask> find(String shopId, long taskId, boolean lock) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM ladder_tasks WHERE shop_id = ?1 AND id = ?2"
                        + (lock ? " FOR UPDATE" : ""), Tuple.class)
                .setParameter(1, shopId).setParameter(2, taskId).getResultList().stream().findFirst()
                .map(LadderTaskRepository::task);
    }

    private static LadderTask task(Tuple r) {
        return new LadderTask(r.get("id", Long.class), r.get("shop_id", String.class), r.get("tracking_number", String.class),
                r.get("carrier_code", String.class), r.get("order_id", String.class),
                LadderTask.Kind.valueOf(r.get("kind", String.class)), r.get("stalled_since", Instant.class),
                r.get("opened_at", Instant.class), LadderTask.State.valueOf(r.get("state", String.class)),
                r.get("closed_at", Instant.class), r.get("closed_by", String.class), r.get("note", String.class));
    }
}
