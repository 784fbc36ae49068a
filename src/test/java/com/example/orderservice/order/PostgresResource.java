package com.example.orderservice.order;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Gives {@code @QuarkusTest}s a PostgreSQL of their own ({@link PostgresServer}) and switches the service's store to
 * it; stops it when their application stops, whether the tests passed or not. Through {@link WithPostgres}: the test
 * classes of that profile share one application and one database, each test with keys and ids of its own.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    /** The test profile of the {@code @QuarkusTest}s that run against PostgreSQL. */
    public static class WithPostgres implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresResource.class));
        }
    }

    private static volatile PostgresServer server;

    /** The server of the running test, to stop and start it (the database-down tests). */
    public static PostgresServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = PostgresServer.start();
        return server.datasourceConfig();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
