package com.example.orderservice.metrics;

import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With Micrometer switched off at build time (what bench/ does to measure the cost of the metrics), the service still
 * starts and takes orders; the metrics beans, their filters and /metrics are gone instead of failing the build.
 */
@QuarkusTest
@TestProfile(MetricsOffTest.MicrometerOff.class)
public class MetricsOffTest {

    public static class MicrometerOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.micrometer.enabled", "false");
        }
    }

    @Test
    void ordersAreTakenAndReadWithoutMetrics() {
        String location = given().contentType("application/json").body(RequestMetricsTest.VALID)
                .post("/api/orders").then().statusCode(201).extract().header("Location");
        given().get(location).then().statusCode(200);
        given().get("/api/orders/no-such-order").then().statusCode(404);
    }

    @Test
    void thereIsNoMetricsEndpoint() {
        given().get(MetricsEndpoint.PATH).then().statusCode(404);
    }
}
