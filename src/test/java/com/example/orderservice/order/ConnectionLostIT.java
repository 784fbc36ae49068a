package com.example.orderservice.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.orderservice.TestOrders;
import com.example.orderservice.ExternalProcess;
import com.example.orderservice.RawHttp;
import com.example.orderservice.Replica;
import com.example.orderservice.http.OrderResource;
import com.example.orderservice.metrics.Scrape;
import com.example.orderservice.order.OrderLoad.Outcome;
import com.example.orderservice.order.OrderTables.StoredOrder;

/**
 * The database connection of a save in progress is cut (a database failover, a proxy or firewall dropping it,
 * {@code pg_terminate_backend}): the client gets a JSON 503, and a retry with the same key places exactly one order.
 * Deterministic: the test holds the save inside its transaction with a lock of its own, finds the service's backend
 * waiting on it in {@code pg_stat_activity}, and terminates it, once before the order row is written and once after
 * (while its items wait).
 */
class ConnectionLostIT {

    /**
     * Far longer than the test ever holds a save: the 503 is the cut connection's, never the store timeout's (the
     * log says which failure it was).
     */
    static final Map<String, String> NO_STORE_TIMEOUT = Map.of("app.orders.store-timeout", "120s");
    static final Duration TIMEOUT = Duration.ofSeconds(180);

    static PostgresServer database;
    static Replica replica;

    @BeforeAll
    static void start() {
        database = PostgresServer.start();
        Map<String, String> config = new HashMap<>(database.datasourceConfig());
        config.putAll(NO_STORE_TIMEOUT);
        replica = new Replica("connection-lost", config).start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable resource : new AutoCloseable[] { replica, database }) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        }
    }

    @ParameterizedTest(name = "while the save waits to insert into {0}")
    @ValueSource(strings = { "orders", "order_items" })
    void aSaveWhoseConnectionIsCutAnswers503AndItsRetryPlacesOneOrder(String table) throws SQLException {
        String key = UUID.randomUUID().toString();
        Scrape before = replica.metrics();
        String logBefore = replica.logText();
        Outcome cut;
        try (Connection lock = OrderTables.holdInserts(database, table)) {
            CompletableFuture<Outcome> answer = CompletableFuture.supplyAsync(() -> OrderLoad.place(replica, key,
                    TIMEOUT));
            Awaitility.await("the save waiting to insert into " + table).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20)).failFast(answer::isDone)
                    .until(() -> OrderTables.waitingInserts(database, table).size() == 1);
            int backend = OrderTables.waitingInserts(database, table).get(0);
            try (PreparedStatement terminate = lock.prepareStatement("SELECT pg_terminate_backend(?)")) {
                terminate.setInt(1, backend);
                terminate.execute();
            }
            cut = answer.join();
        }

        assertEquals(503, cut.status(), cut.toString());
        assertEquals(503, RawHttp.json(cut.body()).path("status").asInt(), "a JSON error: " + cut);
        String log = replica.logText().substring(logBefore.length());
        assertTrue(log.contains("Order store save failed"), log);
        assertFalse(log.contains("TimeoutException"), "the cut connection failed the save, not the timeout: " + log);
        assertFalse(log.contains("IllegalStateException"), "no uncaught error: " + log);
        assertEquals(List.of(), OrderTables.byKey(database).getOrDefault(key, List.of()),
                "the cut transaction stored nothing");

        Outcome retry = OrderLoad.place(replica, key, TIMEOUT);
        assertEquals(201, retry.status(), retry.toString());
        assertFalse(retry.replayed(), "the retry placed the order");
        List<StoredOrder> stored = OrderTables.byKey(database).get(key);
        assertEquals(1, stored.size(), "one order for the key: " + stored);
        assertEquals(retry.id(), stored.get(0).id());
        assertEquals(TestOrders.ITEMS, stored.get(0).items(), "every item of the order");
        assertEquals(200, ExternalProcess.httpStatus(replica.uri("/q/health/ready")), "the pool has recovered");

        Awaitility.await("the two requests counted").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> replica.metrics().sum("app_requests_total") - before.sum("app_requests_total") >= 2);
        Scrape after = replica.metrics();
        for (String status : List.of("503", "201")) {
            String[] series = { "endpoint", OrderResource.PATH, "method", "POST", "status", status };
            assertEquals(1, Math.round(after.value("app_requests_total", series)
                    - before.value("app_requests_total", series)), "one " + status + " counted");
        }
        assertEquals(1, Math.round(after.value("app_order_store_errors_total", "operation", "save")
                - before.value("app_order_store_errors_total", "operation", "save")), "one failed save counted");
    }
}
