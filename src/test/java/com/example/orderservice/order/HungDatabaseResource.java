package com.example.orderservice.order;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A "database" that accepts connections on 127.0.0.1 and never says a word, as a hung server or a half-dead network
 * path does. Migrations are off for it (they would hang the start), and the store timeout is short.
 */
public class HungDatabaseResource implements QuarkusTestResourceLifecycleManager {

    static final String TIMEOUT = "1s";

    private static final List<Socket> connections = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    /**
     * Hangs up on every connection: the pool then sees them closed, so the application stops at once instead of
     * waiting out Vert.x' 20 s shutdown timeout for the hung ones.
     */
    static void hangUp() {
        for (Socket connection : connections) {
            try {
                connection.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        connections.clear();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    connections.add(server.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "hung-database");
        acceptor.setDaemon(true);
        acceptor.start();
        return Map.of(
                "quarkus.datasource.active", "true",
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + server.getLocalPort() + "/orders",
                "quarkus.flyway.migrate-at-start", "false",
                "app.orders.store-timeout", TIMEOUT);
    }

    @Override
    public void stop() {
        hangUp();
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
