package io.shipsync.eventing.secrets;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The service's sealed columns as a whole: at start, the keys are checked against what is stored and any value
 * still in plaintext (a database from before sealing) is sealed; on demand, every value is re-sealed under the
 * active key (rotation), and counted per key id (status). Conversion and rotation each run in one transaction,
 * rows locked in key order and each one rewritten only if it still holds what was read, so replicas doing the same
 * at once, or a write in between, lose nothing.
 */
@ApplicationScoped
public class SealedSecrets {

    private static final Logger LOG = Logger.getLogger(SealedSecrets.class);

    /** Values per key id in one column, and those not sealed at all. */
    public record ColumnStatus(String table, String column, Map<String, Long> byKey, long unsealed) {
    }

    /** {@code activeKey} is null in a service that seals nothing (and so may have no key). */
    public record Status(String activeKey, List<ColumnStatus> columns) {
    }

    /** How many plaintext values of one column were sealed. */
    public record ColumnCount(String table, String column, int sealed) {
    }

    /** How many values of one column were re-sealed, and how many of them were under another key (or none) before. */
    public record ColumnRotation(String table, String column, int resealed, int fromOtherKeys) {
    }

    /** As {@link Status}, {@code activeKey} is null where nothing is sealed. */
    public record Rotation(String activeKey, List<ColumnRotation> columns) {
    }

    private final Instance<SealedColumns> modules;
    private final Instance<SecretCipher> cipher;
    private final EntityManager entityManager;

    SealedSecrets(Instance<SealedColumns> modules, Instance<SecretCipher> cipher, EntityManager entityManager) {
        this.modules = modules;
        this.cipher = cipher;
        this.entityManager = entityManager;
    }

    /**
     * Before work queues and consumers start (they observe at the default priority), so none meets a plaintext
     * value. Refuses to start without keys, or when stored values name a key id that is no longer configured:
     * running on would fail every call that needs them.
     */
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent startup) {
        if (columns().isEmpty()) {
            return;
        }
        SecretCipher keys = cipher.get();
        for (ColumnStatus column : status().columns()) {
            for (String keyId : column.byKey().keySet()) {
                if (!keys.keyIds().contains(keyId)) {
                    throw new IllegalStateException(column.table() + "." + column.column() + " holds "
                            + column.byKey().get(keyId) + " value(s) sealed under key id '" + keyId + "', which "
                            + SecretCipher.KEYS + " does not hold " + keys.keyIds()
                            + ": configure it again (a key goes only after rotation has moved every value off it)");
                }
            }
        }
        for (ColumnCount converted : sealPlaintext()) {
            if (converted.sealed() > 0) {
                LOG.infof("sealed %d plaintext value(s) of %s.%s under key %s", converted.sealed(), converted.table(),
                        converted.column(), keys.activeKeyId());
            }
        }
    }

    public List<SealedColumn> columns() {
        List<SealedColumn> columns = new ArrayList<>();
        modules.forEach(module -> columns.addAll(module.sealedColumns()));
        return columns;
    }

    /** Seals every value not in the sealed format yet; the start-up conversion, idempotent. */
    public List<ColumnCount> sealPlaintext() {
        return reseal(column -> "NOT starts_with(" + column + ", 'v1:')").stream()
                .map(c -> new ColumnCount(c.table(), c.column(), c.resealed())).toList();
    }

    /**
     * Re-seals every value under the active key, those already under it too: each is opened on the way, so a
     * rotation that succeeds has also proven that every stored secret is intact.
     */
    public Rotation rotate() {
        if (columns().isEmpty()) {
            return new Rotation(null, List.of());
        }
        return new Rotation(cipher.get().activeKeyId(), reseal(column -> "true"));
    }

    public Status status() {
        if (columns().isEmpty()) {
            return new Status(null, List.of());
        }
        String active = cipher.get().activeKeyId();
        return QuarkusTransaction.requiringNew().call(() -> {
            List<ColumnStatus> columns = new ArrayList<>();
            for (SealedColumn column : columns()) {
                Map<String, Long> byKey = new TreeMap<>();
                long unsealed = 0;
                List<?> rows = entityManager.createNativeQuery(String.format("""
                        SELECT CASE WHEN starts_with(%1$s, 'v1:') THEN split_part(%1$s, ':', 2) END, count(*)
                        FROM %2$s WHERE %1$s IS NOT NULL GROUP BY 1""", column.column(), column.table())).getResultList();
                for (Object row : rows) {
                    Object[] values = (Object[]) row;
                    long count = ((Number) values[1]).longValue();
                    if (values[0] == null) {
                        unsealed = count;
                    } else {
                        byKey.put((String) values[0], count);
                    }
                }
                columns.add(new ColumnStatus(column.table(), column.column(), byKey, unsealed));
            }
            return new Status(active, columns);
        });
    }

    /**
     * Opens (or takes as plaintext, if never sealed) and seals again under the active key every value matching
     * {@code condition} (given the column's name), all columns in one transaction: one value that does not open
     * fails the whole run with {@link SecretUnreadable}, and nothing is changed.
     */
    private List<ColumnRotation> reseal(UnaryOperator<String> condition) {
        SecretCipher keys = cipher.get();
        return QuarkusTransaction.requiringNew().call(() -> {
            List<ColumnRotation> counts = new ArrayList<>();
            for (SealedColumn column : columns()) {
                String keyList = String.join(", ", column.keyColumns());
                Query select = entityManager.createNativeQuery("SELECT " + keyList + ", " + column.column() + " FROM "
                        + column.table() + " WHERE " + column.column() + " IS NOT NULL AND " + condition.apply(column.column())
                        + " ORDER BY " + keyList + " FOR UPDATE");
                StringBuilder update = new StringBuilder("UPDATE " + column.table() + " SET " + column.column() + " = ?1 WHERE "
                        + column.column() + " = ?2");
                for (int i = 0; i < column.keyColumns().size(); i++) {
                    update.append(" AND ").append(column.keyColumns().get(i)).append(" = ?").append(i + 3);
                }
                int resealed = 0;
                int fromOtherKeys = 0;
                for (Object row : select.getResultList()) {
                    Object[] values = (Object[]) row;
                    int keyCount = column.keyColumns().size();
                    String[] key = new String[keyCount];
                    for (int i = 0; i < keyCount; i++) {
                        key[i] = String.valueOf(values[i]);
                    }
                    SecretPlace place = column.place(key);
                    String stored = (String) values[keyCount];
                    String plaintext = SecretCipher.isSealed(stored) ? keys.open(stored, place) : stored;
                    Query write = entityManager.createNativeQuery(update.toString())
                            .setParameter(1, keys.seal(plaintext, place)).setParameter(2, stored);
                    for (int i = 0; i < keyCount; i++) {
                        write.setParameter(i + 3, values[i]);
                    }
                    int written = write.executeUpdate();
                    resealed += written;
                    if (!keys.activeKeyId().equals(SecretCipher.keyIdOf(stored).orElse(null))) {
                        fromOtherKeys += written;
                    }
                }
                counts.add(new ColumnRotation(column.table(), column.column(), resealed, fromOtherKeys));
            }
            return counts;
        });
    }
}
