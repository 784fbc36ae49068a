package com.example.orderservice.limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.example.orderservice.TestOrders;
import com.example.orderservice.ApiErrors;
import com.example.orderservice.HeldRequest;
import com.example.orderservice.RawHttp;
import com.example.orderservice.fault.FaultInjectionEnabled;
import com.example.orderservice.metrics.Scrape;
import com.example.orderservice.order.OrderResourceTest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Saturates the service (every in-flight slot taken by a request whose body is still arriving) and checks that it
 * sheds the excess with a counted JSON 503, keeps answering probes and scrapes, and recovers when the load drops.
 */
@QuarkusTest
@TestProfile(OverloadTest.FourSlots.class)
public class OverloadTest {

    static final int SLOTS = 4;
    static final int SHED = 25;
    static final String ORDER = TestOrders.forCustomer("c-load");

    /**
     * Fault injection is on too, so that {@code FaultInjectionEnabledTest} runs on this application instead of one of
     * its own (each application of the quick tests takes seconds to build and start): its requests, one at a time and
     * with their bodies sent at once, do not touch these limits, and no request here asks for a fault.
     */
    public static class FourSlots extends FaultInjectionEnabled {
        public FourSlots() {
            // The slots are held by bodies still arriving, for as long as the test takes on a busy machine: longer than
            // a client may take to send a body in production (app.limits.body-timeout, proved by HttpEdgeIT).
            super(Map.of("app.limits.max-in-flight", Integer.toString(SLOTS), "app.limits.retry-after-seconds", "3",
                    "app.limits.body-timeout", "120s"));
        }
    }

    @Test
    void shedsTheExcessKeepsProbesAndMetricsAnsweringAndRecovers() throws Exception {
        URI server = RawHttp.uri("/");
        Scrape before = Scrape.now();
        List<HeldRequest> held = new ArrayList<>();
        try {
            for (int i = 0; i < SLOTS; i++) {
                held.add(HeldRequest.start(server.getHost(), server.getPort(), "/api/orders", ORDER));
            }
            awaitInFlight(SLOTS);

            for (int i = 0; i < SHED; i++) {
                ApiErrors.assertError(given().contentType("application/json").body(ORDER).post("/api/orders").then(),
                        503).header("Retry-After", equalTo("3")).body("instance", equalTo("/api/orders"));
            }
            given().get("/api/orders/any").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);
            given().get("/q/health/ready").then().statusCode(200);
            Scrape during = Scrape.afterRequests(before, SHED + 1);
            assertEquals(SHED, during.value("app_requests_total", "method", "POST", "endpoint", "unmatched", "status", "503")
                    - before.value("app_requests_total", "method", "POST", "endpoint", "unmatched", "status", "503"));

            for (HeldRequest request : held) {
                String response = request.complete();
                assertEquals(201, HeldRequest.status(response), response);
            }
        } finally {
            for (HeldRequest request : held) {
                request.close();
            }
        }
        awaitInFlight(0);
        given().contentType("application/json").body(ORDER).post("/api/orders").then().statusCode(201);
    }

    @Test
    void requestsAbandonedByTheirClientsFreeTheirSlotsAndCountAs499() throws Exception {
        URI server = RawHttp.uri("/");
        Scrape before = Scrape.now();
        int rounds = 3;
        for (int round = 0; round < rounds; round++) {
            List<HeldRequest> held = new ArrayList<>();
            for (int i = 0; i < SLOTS; i++) {
                held.add(HeldRequest.start(server.getHost(), server.getPort(), "/api/orders", ORDER));
            }
            awaitInFlight(SLOTS);
            for (HeldRequest request : held) {
                request.close();
            }
            awaitInFlight(0);
        }
        Scrape after = Scrape.afterRequests(before, rounds * SLOTS);
        assertEquals(rounds * SLOTS, after.value("app_requests_total", "method", "POST", "endpoint", "unmatched",
                "status", "499") - before.value("app_requests_total", "method", "POST", "endpoint", "unmatched",
                "status", "499"), "a request its client abandoned is no success");
        assertEquals(0.0, after.value("app_requests_total", "method", "POST", "endpoint", "unmatched", "status", "200"));
        given().contentType("application/json").body(ORDER).post("/api/orders").then().statusCode(201);
    }

    /** Waits (bounded) until the server has taken in exactly this many requests; no timing is asserted. */
    static void awaitInFlight(int expected) {
        Awaitility.await("in-flight requests").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50)).pollInSameThread()
                .until(() -> Scrape.now().value("app_requests_in_flight"), inFlight -> inFlight == expected);
    }
}
