package io.shipsync.infra.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Points the service under test at real infrastructure: the JVM's in-process KRaft broker and a fresh
 * PostgreSQL database of the test's own ({@code shipsync_test_<module>}, or the {@code database} arg), which a
 * service reaches as its own role, plus the test JWT key. Use on every {@code @QuarkusTest} of a module so they share one application:
 * {@code @WithTestResource(RealInfrastructure.class)}.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, Boolean> PREPARED = new HashMap<>();
    private String database;
    private String role;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", defaultDatabase());
        role = defaultRole();
    }

    @Override
    public Map<String, String> start() {
        synchronized (PREPARED) {
            // Once per JVM: a second application start in the same run must see the data of the first.
            if (PREPARED.putIfAbsent(database, true) == null) {
                TestDatabase.recreate(database, role);
            }
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", SharedKafka.bootstrapServers());
        config.put("quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(database));
        config.put("quarkus.datasource.username", role);
        config.put("quarkus.datasource.password", TestDatabase.PASSWORD);
        config.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyLocation());
        config.put("shipsync.relay.leader-poll-interval", "500ms");
        return config;
    }

    @Override
    public void stop() {
        TestDatabase.dropSlots(database);
    }

    /**
     * A service runs as its own role, as in production (deploy/local/prepare-postgres.sh); the shared modules' tests,
     * which are no service, as the superuser.
     */
    static String defaultRole() {
        String module = Path.of("").toAbsolutePath().getFileName().toString();
        return module.endsWith("-service") ? TestDatabase.serviceRole(module) : TestDatabase.USER;
    }

    /** The module's folder name, e.g. order-service → shipsync_test_order_service. */
    static String defaultDatabase() {
        String module = Path.of("").toAbsolutePath().getFileName().toString();
        return "shipsync_test_" + module.toLowerCase().replaceAll("[^a-z0-9]", "_");
    }
}
