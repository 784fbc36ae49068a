package com.example.orderservice.metrics;

import static com.example.orderservice.metrics.RequestMetricsTest.delta;
import static com.example.orderservice.metrics.RequestMetricsTest.totalDelta;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.example.orderservice.RawHttp;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Thousands of concurrent requests over many connections: the counters and histograms move by exactly the number of
 * requests, split by status as answered, and every order answered with 201 can be read back.
 */
@QuarkusTest
public class ConcurrentCountingTest {

    /** One in five requests is invalid (400), one in five asks for an unknown order (404), the rest place one. */
    static final int REQUESTS = 1000;
    static final int INVALID = REQUESTS / 5;
    static final int UNKNOWN = REQUESTS / 5;
    static final int CREATED = REQUESTS - INVALID - UNKNOWN;
    static final int CONNECTIONS = 64;

    @Test
    void everyConcurrentRequestIsCountedOnceUnderItsStatusAndNoOrderIsLost() {
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            requests.add(switch (i % 5) {
                case 0 -> RawHttp.post("/api/orders", "{\"customerId\": \"\", \"items\": []}").build();
                case 1 -> HttpRequest.newBuilder(RawHttp.uri("/api/orders/unknown-" + i)).GET().build();
                default -> RawHttp.post("/api/orders",
                        "{\"customerId\": \"c-" + i + "\", \"items\": [{\"sku\": \"s\", \"quantity\": 1}]}").build();
            });
        }
        HttpClient client = RawHttp.client();
        Scrape before = Scrape.now();

        List<HttpResponse<String>> responses = RawHttp.sendAll(client, requests, CONNECTIONS);

        Scrape after = Scrape.afterRequests(before, REQUESTS);
        Map<Integer, Integer> answered = new TreeMap<>();
        responses.forEach(r -> answered.merge(r.statusCode(), 1, Integer::sum));
        assertEquals(Map.of(201, CREATED, 400, INVALID, 404, UNKNOWN), answered);

        assertEquals(CREATED, delta(before, after, "app_requests_total",
                "method", "POST", "endpoint", "/api/orders", "status", "201"));
        assertEquals(INVALID, delta(before, after, "app_requests_total",
                "method", "POST", "endpoint", "/api/orders", "status", "400"));
        assertEquals(UNKNOWN, delta(before, after, "app_requests_total",
                "method", "GET", "endpoint", "/api/orders/{id}", "status", "404"));
        assertEquals(requests.size(), totalDelta(before, after, "app_requests_total"), "no request counted elsewhere");
        assertEquals(CREATED + INVALID, delta(before, after, "app_request_duration_seconds_count",
                "endpoint", "/api/orders"));
        assertEquals(UNKNOWN, delta(before, after, "app_request_duration_seconds_count", "endpoint", "/api/orders/{id}"));
        assertEquals(requests.size(), totalDelta(before, after, "app_request_duration_seconds_count"));
        assertEquals(0.0, after.value("app_requests_in_flight"), "every request released its in-flight slot");

        List<HttpRequest> readBacks = responses.stream().filter(r -> r.statusCode() == 201)
                .map(r -> HttpRequest.newBuilder(RawHttp.uri("/api/orders/" + RawHttp.json(r.body()).path("id").asText()))
                        .GET().build())
                .toList();
        List<HttpResponse<String>> stored = RawHttp.sendAll(client, readBacks, CONNECTIONS);
        assertEquals(CREATED, stored.stream().filter(r -> r.statusCode() == 200).count(), "every 201 order is stored");
    }
}
