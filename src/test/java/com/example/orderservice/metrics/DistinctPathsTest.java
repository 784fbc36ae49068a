package com.example.orderservice.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

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

        for (int i = 0; i < 1000; i++) {
            given().get("/api/orders/unknown-" + i).then().statusCode(404);
            given().get("/random/path-" + i + "/x").then().statusCode(404);
            given().request("BREW" + (i % 50), "/api/orders").then().statusCode(405);
        }

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
