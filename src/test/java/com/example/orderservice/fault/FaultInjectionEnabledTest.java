package com.example.orderservice.fault;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.example.orderservice.ApiErrors;
import com.example.orderservice.http.FaultInjection;
import com.example.orderservice.limits.OverloadTest;
import com.example.orderservice.metrics.Scrape;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With fault injection on, an injected failure is a real one: a problem details error, counted under its route template. */
@QuarkusTest
@TestProfile(OverloadTest.FourSlots.class)
class FaultInjectionEnabledTest {

    @ParameterizedTest(name = "{0} {1} with fault {2}")
    @CsvSource({
            "POST, /api/orders, 500, /api/orders",
            "POST, /api/orders, 503, /api/orders",
            "GET, /api/orders/some-id, 500, /api/orders/{id}",
            "GET, /api/orders/some-id, 503, /api/orders/{id}",
    })
    void anInjectedFaultIsAnsweredAndCountedLikeARealOne(String method, String path, int status, String endpoint) {
        Scrape before = Scrape.now();

        ApiErrors.assertError(given().header(FaultInjection.HEADER, Integer.toString(status))
                .contentType("application/json").body(FaultInjectionTest.VALID)
                .request(method, path)
                .then(), status);

        Scrape after = Scrape.afterRequests(before, 1);
        String code = Integer.toString(status);
        assertEquals(1.0, after.value("app_requests_total", "method", method, "endpoint", endpoint, "status", code)
                - before.value("app_requests_total", "method", method, "endpoint", endpoint, "status", code));
        assertEquals(1.0, after.sum("app_requests_total") - before.sum("app_requests_total"));
    }

    @ParameterizedTest(name = "fault {0}")
    @CsvSource({"404", "oops"})
    void anUnknownFaultIsABadRequest(String fault) {
        ApiErrors.assertError(given().header(FaultInjection.HEADER, fault).get("/api/orders/some-id").then(), 400);
    }
}
