package com.example.orderservice.order;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A "database" that accepts connections on 127.0.0.1 and never says a word, as a hung server or a half-dead network
 * path does. Its configuration turns migrations off (they would hang the start) and makes the store timeout short.
 */
final class HungDatabase implements AutoCloseable {

    static final String STORE_TIMEOUT = "1s";

    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final ServerSocket server;

    private HungDatabase() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
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
    }

    static HungDatabase start() {
        try {
            return new HungDatabase();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The service's settings for a PostgreSQL store on this server. */
    Map<String, String> config() {
        return Map.of(
                "quarkus.datasource.active", "true",
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + server.getLocalPort() + "/orders",
                "quarkus.flyway.migrate-at-start", "false",
                "app.orders.store-timeout", STORE_TIMEOUT);
    }

    /**
     * Hangs up on every connection, as a restarted server does; the pool then sees them closed, and a service that
     * stops afterwards need not wait out Vert.x' 20 s shutdown timeout for the hung ones.
     */
    void hangUp() {
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
    public void close() {
        try {
            hangUp();
        } finally {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
