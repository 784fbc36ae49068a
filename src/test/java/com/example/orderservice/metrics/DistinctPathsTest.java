package com.example.orderservice.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.example.orderservice.RawHttp;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Thousands of distinct paths, ids and methods add no series. Runs once, in the JVM: the labels come from the same
 * code in the packaged or native artifact, whose metrics {@link RequestMetricsIT} checks.
 */
@QuarkusTest
class DistinctPathsTest {

    @Test
    void aThousandDistinctPathsAndIdsAddNoSeries() {
        // Warm up every label combination this test can produce, so any growth after it is unbounded growth.
        Scrape cold = Scrape.now();
        given().get("/api/orders/warm-up").then().statusCode(404);
        given().get("/warm-up").then().statusCode(404);
        given().request("BREW", "/api/orders").then().statusCode(405);
        Scrape before = Scrape.afterRequests(cold, 3);

        // Sent over a few connections at once: one after another, through RestAssured, they took most of the time.
        List<HttpRequest> requests = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            requests.add(HttpRequest.newBuilder(RawHttp.uri("/api/orders/unknown-" + i)).GET().build());
            expected.add(404);
            requests.add(HttpRequest.newBuilder(RawHttp.uri("/random/path-" + i + "/x")).GET().build());
            expected.add(404);
            requests.add(HttpRequest.newBuilder(RawHttp.uri("/api/orders"))
                    .method("BREW" + (i % 50), HttpRequest.BodyPublishers.noBody()).build());
            expected.add(405);
        }
        List<HttpResponse<String>> responses = RawHttp.sendAll(RawHttp.client(), requests, 8);
        assertEquals(expected, responses.stream().map(HttpResponse::statusCode).toList());

        Scrape after = Scrape.afterRequests(before, 3000);
        assertEquals(before.countSeries("app_"), after.countSeries("app_"));
        Set<String> endpoints = after.labelValues("app_", "endpoint");
        assertTrue(Set.of("/api/orders", "/api/orders/{id}", "unmatched").containsAll(endpoints), endpoints::toString);
        Set<String> methods = after.labelValues("app_requests_total", "method");
        assertTrue(methods.contains("OTHER"), methods::toString);
        assertTrue(Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER").containsAll(methods),
                methods::toString);
    }
}
