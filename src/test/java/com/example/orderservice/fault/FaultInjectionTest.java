package com.example.orderservice.fault;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.example.orderservice.TestOrders;
import com.example.orderservice.http.FaultInjection;
import com.example.orderservice.metrics.Scrape;

import io.quarkus.test.junit.QuarkusTest;

/** By default the fault header is just an unknown header: a client cannot make the service fail. */
@QuarkusTest
class FaultInjectionTest {

    static final String VALID = TestOrders.VALID;

    @Test
    void theHeaderChangesNothingWhenFaultInjectionIsOff() {
        Scrape before = Scrape.now();

        given().header(FaultInjection.HEADER, "500").contentType("application/json").body(VALID)
                .post("/api/orders").then().statusCode(201);
        given().header(FaultInjection.HEADER, "503")
                .get("/api/orders/no-such-order").then().statusCode(404);

        Scrape after = Scrape.afterRequests(before, 2);
        assertEquals(2.0, after.sum("app_requests_total") - before.sum("app_requests_total"));
        assertEquals(1.0, after.value("app_requests_total", "method", "POST", "endpoint", "/api/orders", "status", "201")
                - before.value("app_requests_total", "method", "POST", "endpoint", "/api/orders", "status", "201"));
        assertEquals(1.0, after.value("app_requests_total", "method", "GET", "endpoint", "/api/orders/{id}", "status", "404")
                - before.value("app_requests_total", "method", "GET", "endpoint", "/api/orders/{id}", "status", "404"));
    }
}
