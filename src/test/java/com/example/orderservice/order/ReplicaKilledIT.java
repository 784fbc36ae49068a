package com.example.orderservice.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.example.orderservice.TestOrders;
import com.example.orderservice.Replica;
import com.example.orderservice.metrics.Scrape;
import com.example.orderservice.order.OrderLoad.Outcome;
import com.example.orderservice.order.OrderTables.StoredOrder;

/**
 * A replica SIGKILLed under load (the OOM killer, a lost node): two replicas of the packaged service on one
 * PostgreSQL, clients placing orders with Idempotency-Keys on both, one replica killed mid-load. No order answered 201
 * is lost or stored twice; a client that got no answer retries with the same key on the surviving replica and gets
 * exactly one order; the survivor counted every request it answered.
 * <p>
 * So that the kill lands while orders are being saved, not between two requests, the test holds every INSERT into
 * the orders table for a moment (a lock of its own) and kills once each client has its save waiting inside the
 * database: the killed replica dies with a transaction open for each of its clients.
 */
class ReplicaKilledIT {

    static final int CLIENTS_PER_REPLICA = 3;
    static final int MAX_REQUESTS_PER_CLIENT = 2_000;
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /**
     * Longer than the replicas ever wait for the held saves, shorter than the clients' timeout: the saves held
     * during the kill are answered 201 once released, not 503 because the lock took a while.
     */
    static final Map<String, String> HOLD_SAVES = Map.of("app.orders.store-timeout", "45s");

    @Test
    void noOrderAnswered201IsLostAndRetriesOnTheSurvivorPlaceEachOrderOnce() throws SQLException {
        try (PostgresServer database = PostgresServer.start();
                Replica killed = new Replica("killed", config(database)).start();
                Replica survivor = new Replica("survivor", config(database)).start()) {
            Scrape before = survivor.metrics();
            List<Outcome> outcomes;
            try (OrderLoad load = OrderLoad.start(2 * CLIENTS_PER_REPLICA, MAX_REQUESTS_PER_CLIENT, TIMEOUT,
                    client -> client % 2 == 0 ? killed : survivor)) {
                load.await("orders placed on the replica to kill", 60, o -> o.replica() == killed && o.created());
                try (Connection lock = OrderTables.holdInserts(database, "orders")) {
                    Awaitility.await("a save of every client waiting in the database").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(20))
                            .until(() -> OrderTables.waitingInserts(database, "orders").size()
                                    == 2 * CLIENTS_PER_REPLICA);
                    killed.kill();
                }
                long onSurvivor = load.count(o -> o.replica() == survivor && o.created());
                load.await("orders placed on the survivor after the kill", onSurvivor + 60,
                        o -> o.replica() == survivor && o.created());
                outcomes = load.stop();

                List<Outcome> unanswered = outcomes.stream().filter(o -> !o.answered()).toList();
                assertEquals(List.of(), outcomes.stream().filter(o -> o.answered() && !o.created()).toList(),
                        "every answer was a 201");
                assertEquals(List.of(), unanswered.stream().filter(o -> o.replica() != killed).toList(),
                        "only requests to the killed replica went unanswered");
                assertEquals(CLIENTS_PER_REPLICA, unanswered.size(),
                        "each client of the killed replica lost its connection once, then stopped: " + unanswered);

                List<Outcome> retries = new ArrayList<>();
                for (Outcome lost : unanswered) {
                    retries.add(load.place(survivor, lost.key()));
                }
                assertEquals(List.of(), retries.stream().filter(o -> !o.created() || o.replayed()).toList(),
                        "every retry on the survivor placed its order: the killed replica's open transactions did "
                                + "not commit");

                List<Outcome> created = new ArrayList<>(outcomes.stream().filter(Outcome::created).toList());
                created.addAll(retries);
                assertEveryOrderStoredOnce(database, outcomes, created);

                long answeredBySurvivor = outcomes.stream().filter(o -> o.replica() == survivor).count()
                        + retries.size();
                assertCounted(survivor, before, answeredBySurvivor);
            }
            assertFalse(survivor.logText().contains("ERROR"), survivor.logText());
        }
    }

    private static Map<String, String> config(PostgresServer database) {
        Map<String, String> config = new HashMap<>(database.datasourceConfig());
        config.putAll(HOLD_SAVES);
        return config;
    }

    /**
     * Each key the clients sent has exactly one order, with its items, and the tables hold no other order; each 201
     * answered the order stored under its key.
     */
    private static void assertEveryOrderStoredOnce(PostgresServer database, List<Outcome> sent,
            List<Outcome> created) {
        Map<String, List<StoredOrder>> byKey = OrderTables.byKey(database);
        Set<String> keys = new HashSet<>();
        sent.forEach(o -> keys.add(o.key()));
        assertEquals(keys, byKey.keySet(), "an order for every key sent, and for no other");
        Map<String, String> idOfKey = new HashMap<>();
        byKey.forEach((key, orders) -> {
            assertEquals(1, orders.size(), "one order for key " + key + ": " + orders);
            assertEquals(TestOrders.ITEMS, orders.get(0).items(), "with its items: " + orders);
            idOfKey.put(key, orders.get(0).id());
        });
        for (Outcome answer : created) {
            assertEquals(idOfKey.get(answer.key()), answer.id(), "the 201 answered the stored order: " + answer);
        }
    }

    /** The survivor's app_requests_total rose by exactly the answers it gave (awaited: it counts as a response ends). */
    private static void assertCounted(Replica survivor, Scrape before, long answers) {
        Awaitility.await("the survivor's count").atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> counted(survivor.metrics(), before) >= answers);
        Scrape after = survivor.metrics();
        assertEquals(answers, counted(after, before), "app_requests_total counted every answer of the survivor");
        assertEquals(answers, after.value("app_requests_total", "endpoint", "/api/orders", "method", "POST",
                "status", "201") - before.value("app_requests_total", "endpoint", "/api/orders", "method", "POST",
                        "status", "201"),
                "all of them as 201s");
        assertTrue(answers > 0);
    }

    private static long counted(Scrape after, Scrape before) {
        return Math.round(after.sum("app_requests_total") - before.sum("app_requests_total"));
    }
}
