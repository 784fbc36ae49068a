package com.example.orderservice.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.example.orderservice.RawHttp;
import com.example.orderservice.TestOrders;
import com.example.orderservice.Replica;
import com.example.orderservice.monitoring.Dashboard;

import io.restassured.path.json.JsonPath;

/**
 * What the PostgreSQL store promises, on the packaged service: two replicas share one PostgreSQL, so an order placed on one is
 * read on the other, concurrent retries spread over both place one order, and a restarted replica reads back what
 * was placed before. A plain failsafe test, because it starts and stops the application processes itself.
 */
class PostgresReplicasIT {

    static final String ORDER = TestOrders.forCustomer("c-replicas");

    static PostgresServer database;
    static Replica first;
    static Replica second;
    final HttpClient client = RawHttp.client();

    @BeforeAll
    static void start() {
        database = PostgresServer.start();
        // 100 retries of one key queue on one row lock; on a busy machine the last of them can wait longer than the
        // default store timeout, whose 503 is right but is not what these tests are about.
        Map<String, String> config = new HashMap<>(database.datasourceConfig());
        config.put("app.orders.store-timeout", "60s");
        first = new Replica("first", config).start();
        second = new Replica("second", config).start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable resource : new AutoCloseable[] { first, second, database }) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        }
    }

    @Test
    void anOrderPlacedOnOneReplicaIsReadOnTheOther() throws Exception {
        String id = placed(send(first, post(UUID.randomUUID().toString())));
        HttpResponse<String> read = client.send(HttpRequest.newBuilder(second.uri("/api/orders/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, read.statusCode(), read.body());
        assertEquals("c-replicas", new JsonPath(read.body()).getString("customerId"));
    }

    @Test
    void concurrentRetriesSpreadOverBothReplicasPlaceOneOrder() {
        String key = UUID.randomUUID().toString();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Replica replica = i % 2 == 0 ? first : second;
            answers.add(client.sendAsync(post(key).uri(replica.uri("/api/orders")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> ids = new HashSet<>();
        int placed = 0;
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.join();
            ids.add(placed(response));
            if (response.headers().firstValue("Idempotent-Replayed").isEmpty()) {
                placed++;
            }
        }
        assertEquals(1, ids.size(), "every retry answers with the same order: " + ids);
        assertEquals(1, placed, "exactly one request placed the order");
    }

    @Test
    void aRestartedReplicaReadsBackTheOrdersPlacedBefore() throws Exception {
        String onFirst = placed(send(first, post(UUID.randomUUID().toString())));
        String onSecond = placed(send(second, post(UUID.randomUUID().toString())));

        first.stop();
        second.stop();
        first.start();

        for (String id : List.of(onFirst, onSecond)) {
            HttpResponse<String> read = client.send(HttpRequest.newBuilder(first.uri("/api/orders/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, read.statusCode(), read.body());
            assertEquals(id, new JsonPath(read.body()).getString("id"));
        }
        second.start();
    }

    /**
     * The dashboard's order store panels read series that a replica with the PostgreSQL store really exports (the
     * Prometheus end-to-end test runs the in-memory store, where they are empty).
     */
    @Test
    void theDashboardsOrderStorePanelsReadSeriesTheReplicasExport() throws Exception {
        HttpResponse<String> scrape = client.send(HttpRequest.newBuilder(second.uri("/metrics"))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode());
        Set<String> exported = new HashSet<>();
        scrape.body().lines().filter(line -> !line.startsWith("#"))
                .forEach(line -> exported.add(line.replaceFirst("[{ ].*", "")));

        List<String> storeQueries = Dashboard.shipped().expressions().stream().filter(Dashboard::needsPostgres).toList();
        assertTrue(storeQueries.size() >= 3, "the dashboard shows the order store: " + storeQueries);
        for (String query : storeQueries) {
            Matcher series = Pattern.compile("([a-z_:]+)\\{").matcher(query);
            while (series.find()) {
                assertTrue(exported.contains(series.group(1)), series.group(1) + " (in " + query + ") is not exported");
            }
        }
    }

    private static HttpRequest.Builder post(String idempotencyKey) {
        return HttpRequest.newBuilder().timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(ORDER));
    }

    private HttpResponse<String> send(Replica replica, HttpRequest.Builder request) throws Exception {
        return client.send(request.uri(replica.uri("/api/orders")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String placed(HttpResponse<String> response) {
        assertEquals(201, response.statusCode(), response.body());
        return new JsonPath(response.body()).getString("id");
    }
}
