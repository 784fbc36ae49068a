package com.example.orderservice.order;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} its own PostgreSQL ({@link PostgresServer}) and switches the service's store to it;
 * stops it when the test's application stops, whether the tests passed or not.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

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
