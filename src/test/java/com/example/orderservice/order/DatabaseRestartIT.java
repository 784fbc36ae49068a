package com.example.orderservice.order;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.example.orderservice.ApiErrors;
import com.example.orderservice.ExternalProcess;
import com.example.orderservice.RawHttp;
import com.example.orderservice.Readiness;
import com.example.orderservice.Replica;
import com.example.orderservice.TestOrders;
import com.example.orderservice.http.OrderResource;
import com.example.orderservice.kubernetes.ApplicationConfig;
import com.example.orderservice.metrics.Scrape;
import com.example.orderservice.order.OrderLoad.Outcome;
import com.example.orderservice.order.OrderTables.StoredOrder;

/**
 * PostgreSQL restarted under load (a failover, a database host restart): a fast shutdown, which cuts every open
 * connection, then a start on the same data and port while clients keep placing orders on the packaged service.
 * Every request is answered, with a 201 or a counted JSON 503; readiness goes DOWN and comes back UP by itself; every
 * 201 is in the database; retries of the 503s after the restart place each of those orders once. Afterwards no false
 * signal is left: the log has no uncaught error, and the gauges of waiting and active connections are back to 0.
 */
class DatabaseRestartIT {

    static final int CLIENTS = 4;
    static final int MAX_REQUESTS_PER_CLIENT = 20_000;
    static final String POST_ORDERS = OrderResource.PATH;

    @Test
    void everyRequestIsA201OrACounted503ReadinessRecoversByItselfRetriesPlaceEachOrderOnceAndNoFalseSignalIsLeft() {
        // No request may wait on the database longer than the store timeout; a client that waits six times as long
        // and gets nothing has found a hang (no timing is asserted: a missing answer is).
        Duration timeout = ApplicationConfig.duration("app.orders.store-timeout").multipliedBy(6);
        try (PostgresServer database = PostgresServer.start();
                Replica replica = new Replica("database-restart", database.datasourceConfig()).start()) {
            Scrape before = replica.metrics();
            List<Outcome> outcomes;
            try (OrderLoad load = OrderLoad.start(CLIENTS, MAX_REQUESTS_PER_CLIENT, timeout, client -> replica)) {
                load.await("orders placed before the restart", 50, Outcome::created);
                database.stopServer();
                awaitReadiness(replica, 503);
                load.await("503s while the database is down", 20, o -> o.status() == 503);
                database.startServer();
                awaitReadiness(replica, 200);
                long created = load.count(Outcome::created);
                load.await("orders placed after the restart", created + 50, Outcome::created);
                outcomes = load.stop();

                assertEquals(List.of(), outcomes.stream().filter(o -> !o.created() && !isStoreUnavailable(o))
                        .toList(), "every request was answered, with a 201 or a JSON 503");

                List<Outcome> refused = outcomes.stream().filter(o -> o.status() == 503).toList();
                List<Outcome> retries = refused.stream().map(o -> load.place(replica, o.key())).toList();
                assertEquals(List.of(), retries.stream().filter(o -> !o.created()).toList(),
                        "every retry after the restart was answered 201");

                assertEveryKeyHasOneOrder(database, outcomes);
                Map<String, StoredOrder> stored = OrderTables.byId(database);
                for (Outcome answer : outcomes.stream().filter(Outcome::created).toList()) {
                    assertTrue(stored.containsKey(answer.id()), "answered 201 but not stored: " + answer);
                }
                assertCounted(replica, before, outcomes.stream().filter(Outcome::created).count() + retries.size(),
                        refused.size());
                assertNoFalseSignal(replica);
            }
        }
    }

    /**
     * A database that hangs (accepts connections and never answers, as a host going down without closing them does),
     * then drops every connection, as its restart does. Meanwhile orders, reads and readiness get 503 after the store
     * timeout, readiness naming the store DOWN, and the pool gives up on the operations waiting for a connection at
     * that timeout too (each counted in {@code sql_pool_rejected_total}), not at Vert.x' own 30 s. Afterwards no
     * operation is counted as waiting and the log has no uncaught error: before every operation took its connection
     * explicitly, each readiness check and read in that time left an
     * {@code IllegalStateException: Result is already complete} behind, and the pool's queue gauge one waiter.
     */
    @Test
    void aHungDatabaseIs503ThePoolGivesUpOnItsWaitersAtTheStoreTimeoutAndNoFalseSignalIsLeft() {
        try (HungDatabase database = HungDatabase.start();
                Replica replica = new Replica("database-hung", database.config()).startLive()) {
            Scrape before = replica.metrics();
            ApiErrors.assertError(given().contentType("application/json").body(TestOrders.VALID)
                    .post(replica.uri(POST_ORDERS)).then(), 503)
                    .body("detail", equalTo("The order store is unavailable; retry later"));
            for (int i = 0; i < 3; i++) {
                ApiErrors.assertError(given().get(replica.uri(POST_ORDERS + "/" + UUID.randomUUID())).then(), 503);
                Readiness.assertOrderStoreDown(replica.uri(Readiness.PATH).toString());
            }
            // Bounded well below Vert.x' own 30 s: only a pool that gives up at the store timeout gets there.
            Awaitility.await("the pool giving up on its waiters").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> replica.metrics().sum("sql_pool_rejected_total")
                            - before.sum("sql_pool_rejected_total") >= 7);
            database.hangUp();
            Awaitility.await("no operation waiting for a connection").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> replica.metrics().countSeries("app_order_store_connection_waiting") == 1
                            && replica.metrics().value("app_order_store_connection_waiting") == 0);
            assertEquals(0, replica.metrics().countSeries("sql_pool_queue_size"));
            String log = replica.logText();
            assertFalse(log.contains("IllegalStateException") || log.contains("Result is already complete"), log);
        }
    }

    private static boolean isStoreUnavailable(Outcome outcome) {
        return outcome.status() == 503 && RawHttp.json(outcome.body()).path("status").asInt() == 503;
    }

    /** Readiness answers {@code status}, without the test doing anything to the replica (bounded). */
    private static void awaitReadiness(Replica replica, int status) {
        Awaitility.await("readiness " + status).atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ExternalProcess.httpStatus(replica.uri(Readiness.PATH)) == status);
    }

    /** Each key sent has exactly one order (with its items) and the tables hold no other. */
    private static void assertEveryKeyHasOneOrder(PostgresServer database, List<Outcome> sent) {
        Map<String, List<StoredOrder>> byKey = OrderTables.byKey(database);
        Set<String> keys = new HashSet<>();
        sent.forEach(o -> keys.add(o.key()));
        assertEquals(keys, byKey.keySet(), "an order for every key sent, and for no other");
        byKey.forEach((key, orders) -> {
            assertEquals(1, orders.size(), "one order for key " + key + ": " + orders);
            assertEquals(TestOrders.ITEMS, orders.get(0).items(), "with its items: " + orders);
        });
    }

    /** The 201s and 503s, each counted once under its status, and each 503 as a failed save. */
    private static void assertCounted(Replica replica, Scrape before, long created, long refused) {
        Awaitility.await("the counts").atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> replica.metrics().sum("app_requests_total") - before.sum("app_requests_total")
                        >= created + refused);
        Scrape after = replica.metrics();
        assertEquals(created, delta(after, before, "201"), "201s counted");
        assertEquals(refused, delta(after, before, "503"), "503s counted");
        assertEquals(created + refused, Math.round(after.sum("app_requests_total") - before.sum("app_requests_total")),
                "and nothing else");
        assertEquals(refused, Math.round(after.value("app_order_store_errors_total", "operation", "save")
                - before.value("app_order_store_errors_total", "operation", "save")), "each 503 a failed save");
        assertFalse(refused == 0);
    }

    /**
     * The idle replica shows no waiting or active connection (the dashboard and the runbook read these gauges), the
     * pool's own queue gauge, which stays above 0 after failed connection attempts, is not exported, and the log has
     * no uncaught error.
     */
    private static void assertNoFalseSignal(Replica replica) {
        Awaitility.await("no connection waiting or in use on the idle replica").atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Scrape idle = replica.metrics();
                    return idle.countSeries("app_order_store_connection_waiting") == 1
                            && idle.value("app_order_store_connection_waiting") == 0
                            && idle.sum("sql_pool_active") == 0;
                });
        assertEquals(0, replica.metrics().countSeries("sql_pool_queue_size"));
        String log = replica.logText();
        assertFalse(log.contains("IllegalStateException") || log.contains("Result is already complete"), log);
    }

    private static long delta(Scrape after, Scrape before, String status) {
        String[] series = { "endpoint", POST_ORDERS, "method", "POST", "status", status };
        return Math.round(after.value("app_requests_total", series) - before.value("app_requests_total", series));
    }
}
