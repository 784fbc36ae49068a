package com.example.orderservice.order;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.example.orderservice.ApiErrors;
import com.example.orderservice.Readiness;
import com.example.orderservice.metrics.Scrape;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The service with {@code quarkus.datasource.active=true} against a real PostgreSQL ({@link PostgresResource}). */
@QuarkusTest
@TestProfile(PostgresResource.WithPostgres.class)
public class PostgresOrderStoreTest {

    static final String ORDER = """
            {"customerId": "c-pg", "items": [{"sku": "sku-b", "quantity": 2}, {"sku": "sku-a", "quantity": 1}]}""";

    @Test
    void storesTheOrderAndItsItemsInPostgresAndReadsThemBack() throws SQLException {
        String id = given().contentType("application/json").body(ORDER).post("/api/orders")
                .then().statusCode(201).extract().path("id");

        given().get("/api/orders/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("customerId", equalTo("c-pg"))
                .body("items.sku", contains("sku-b", "sku-a"))
                .body("items.quantity", contains(2, 1));

        try (Connection db = PostgresResource.server().connect();
             ResultSet items = db.createStatement().executeQuery(
                     "SELECT sku FROM order_items WHERE order_id = '" + id + "' ORDER BY line")) {
            assertTrue(items.next());
            assertEquals("sku-b", items.getString(1));
            assertTrue(items.next());
            assertEquals("sku-a", items.getString(1));
        }
    }

    @Test
    void anIdThatIsNoUuidIsAPlain404() {
        given().get("/api/orders/not-a-uuid").then().statusCode(404).body("status", equalTo(404));
        given().get("/api/orders/00000000-0000-0000-0000-000000000000").then().statusCode(404);
    }

    @Test
    void readinessReportsTheDatabase() {
        Readiness.assertReadyWithOrderStore("postgresql");
    }

    @Test
    void theReactivePoolsMetricsAreExposed() {
        given().contentType("application/json").body(ORDER).post("/api/orders").then().statusCode(201);

        Scrape scrape = Scrape.now();
        assertTrue(scrape.sum("sql_pool_completed_total") >= 1, "the pool has served the request");
        assertEquals(0, scrape.countSeries("sql_pool_queue_size"), "left out: it stays wrong after an outage");
        assertEquals(1, scrape.countSeries("app_order_store_connection_waiting"), "the store's own count of waiters");
        assertTrue(scrape.countSeries("sql_pool_queue_delay_seconds_count") >= 1);
        assertTrue(scrape.countSeries("sql_pool_active") >= 1);
        assertEquals(Set.of("save", "find", "check"), scrape.labelValues("app_order_store_errors_total", "operation"),
                "the error counters exist before the first error, so that rate() sees it");
    }

    /**
     * The database goes away: orders are refused with a clear 503 (not a 500, not a hang), counted as such, readiness
     * fails, and the error counter moves; once the database is back the same replica takes orders again.
     */
    @Test
    void databaseDownIs503CountedAndTheServiceRecovers() {
        String id = given().contentType("application/json").body(ORDER).post("/api/orders")
                .then().statusCode(201).extract().path("id");
        Scrape before = Scrape.now();

        PostgresResource.server().stopServer();
        try {
            ApiErrors.assertError(given().contentType("application/json").body(ORDER).post("/api/orders").then(),
                    503)
                    .body("title", equalTo("Service Unavailable"))
                    .body("detail", equalTo("The order store is unavailable; retry later"));
            ApiErrors.assertError(given().get("/api/orders/" + id).then(), 503);
            Readiness.assertOrderStoreDown(Readiness.PATH);
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            PostgresResource.server().startServer();
        }

        Scrape during = Scrape.now();
        assertEquals(1.0, during.value("app_requests_total", "endpoint", "/api/orders", "method", "POST", "status", "503")
                - before.value("app_requests_total", "endpoint", "/api/orders", "method", "POST", "status", "503"));
        assertEquals(1.0, during.value("app_requests_total", "endpoint", "/api/orders/{id}", "method", "GET",
                "status", "503") - before.value("app_requests_total", "endpoint", "/api/orders/{id}", "method", "GET",
                "status", "503"));
        for (String operation : new String[] { "save", "find", "check" }) {
            assertEquals(1.0, during.value("app_order_store_errors_total", "operation", operation)
                    - before.value("app_order_store_errors_total", "operation", operation), operation);
        }

        String after = untilCreated();
        given().get("/api/orders/" + after).then().statusCode(200);
        given().get("/api/orders/" + id).then().statusCode(200).body("customerId", equalTo("c-pg"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    /**
     * Connections the pool held when the database stopped are dead; each is dropped on first use. So the first
     * requests after the restart may still get the 503, but within a bounded number of attempts one succeeds.
     */
    private static String untilCreated() {
        return Awaitility.await("the service to recover after the database came back").atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).pollInSameThread()
                .until(() -> {
                    var response = given().contentType("application/json").body(ORDER).post("/api/orders");
                    if (response.statusCode() == 201) {
                        return response.<String>path("id");
                    }
                    assertEquals(503, response.statusCode());
                    return null;
                }, Objects::nonNull);
    }
}
