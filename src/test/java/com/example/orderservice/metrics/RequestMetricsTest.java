package com.example.orderservice.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import com.example.orderservice.TestOrders;

@QuarkusTest
public class RequestMetricsTest {

    static final String VALID = TestOrders.VALID;

    record Call(String method, String path, String contentType, String body, int status, String endpoint) {
        @Override
        public String toString() {
            return method + " " + path + " → " + status + " as " + endpoint;
        }
    }

    static Stream<Arguments> calls() {
        return Stream.of(
                new Call("POST", "/api/orders", "application/json", VALID, 201, "/api/orders"),
                new Call("POST", "/api/orders", "application/json", "{\"customerId\": \"\"}", 400, "/api/orders"),
                new Call("POST", "/api/orders", "application/json", "{not json", 400, "/api/orders"),
                new Call("POST", "/api/orders", "text/plain", "hello", 415, "/api/orders"),
                new Call("GET", "/api/orders/no-such-order", null, null, 404, "/api/orders/{id}"),
                new Call("GET", "/no/such/route", null, null, 404, "unmatched"),
                new Call("OPTIONS", "/api/orders", null, null, 200, "/api/orders"),
                new Call("OPTIONS", "/api/orders/x", null, null, 200, "/api/orders/{id}"),
                new Call("DELETE", "/api/orders/x", null, null, 405, "unmatched"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void eachRequestMovesItsCounterAndHistogramByOne(Call call) {
        Scrape before = Scrape.now();

        RequestSpecification request = given();
        if (call.contentType() != null) {
            request = request.contentType(call.contentType()).body(call.body());
        }
        request.request(call.method(), call.path()).then().statusCode(call.status());

        Scrape after = Scrape.afterRequests(before, 1);
        String status = Integer.toString(call.status());
        assertEquals(1.0, delta(before, after, "app_requests_total",
                "method", call.method(), "endpoint", call.endpoint(), "status", status));
        assertEquals(1.0, delta(before, after, "app_request_duration_seconds_count", "endpoint", call.endpoint()));
        assertEquals(1.0, delta(before, after, "app_request_duration_seconds_bucket",
                "endpoint", call.endpoint(), "le", "+Inf"));
        assertEquals(1.0, totalDelta(before, after, "app_requests_total"),
                "no other series of app_requests_total moved");
        assertTrue(delta(before, after, "app_request_duration_seconds_sum", "endpoint", call.endpoint()) > 0);
    }

    @Test
    void readingAnExistingOrderIsCountedUnderItsRouteTemplate() {
        String location = given().contentType("application/json").body(VALID).post("/api/orders")
                .then().statusCode(201).extract().header("Location");
        Scrape before = Scrape.now();
        given().get(location).then().statusCode(200);
        Scrape after = Scrape.afterRequests(before, 1);
        assertEquals(1.0, delta(before, after, "app_requests_total",
                "method", "GET", "endpoint", "/api/orders/{id}", "status", "200"));
    }

    @Test
    void operationalEndpointsAreNotCountedAsApiTraffic() {
        Scrape before = Scrape.now();
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/metrics").then().statusCode(200);
        // Vert.x Web serves /metrics with a trailing slash too: a scrape all the same.
        given().get("/metrics/").then().statusCode(200);
        // One API request after them: once it is counted, a count of theirs would be too.
        given().get("/api/orders/no-such-order").then().statusCode(404);
        Scrape after = Scrape.afterRequests(before, 1);
        assertEquals(1.0, totalDelta(before, after, "app_requests_total"));
    }

    @Test
    void theSloThresholdIsABucket() {
        given().contentType("application/json").body(VALID).post("/api/orders").then().statusCode(201);
        // The rules and the dashboard select the bucket by this text, le="<slo.latency.threshold>".
        String threshold = ConfigProvider.getConfig().getValue("app.metrics.latency-slo-seconds", String.class);
        assertTrue(Scrape.now().labelValues("app_request_duration_seconds_bucket", "le").contains(threshold),
                threshold);
    }

    @Test
    void theJvmMetricsStayAndRequestsAreMeasuredOnce() {
        given().contentType("application/json").body(VALID).post("/api/orders").then().statusCode(201);
        Scrape scrape = Scrape.now();
        assertTrue(scrape.countSeries("jvm_memory_used_bytes") > 0);
        assertEquals(0, scrape.countSeries("http_server_"), "Quarkus' own HTTP server metrics are off by default");
        assertTrue(scrape.countSeries("worker_pool_queue_size") > 0, "Micrometer's Vert.x metrics stay, tracing or not");
    }

    static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    static double totalDelta(Scrape before, Scrape after, String name) {
        return after.sum(name) - before.sum(name);
    }
}
