package com.example.orderservice.http;

import static com.example.orderservice.http.OpenApiDocumentIT.ORDER;
import static com.example.orderservice.http.OpenApiDocumentIT.ORDERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

import com.example.orderservice.HeldRequest;
import com.example.orderservice.RawHttp;
import com.example.orderservice.TestOrders;
import com.example.orderservice.fault.FaultInjectionEnabled;
import com.example.orderservice.metrics.Scrape;

/**
 * The documented server errors, from a packaged service that fails on request (fault injection), holds one order and
 * takes on one API request at a time: each answer is what {@code /q/openapi} documents for it.
 */
@QuarkusIntegrationTest
@TestProfile(OpenApiFaultsIT.Failing.class)
class OpenApiFaultsIT {

    public static class Failing extends FaultInjectionEnabled {
        public Failing() {
            super(Map.of("app.orders.memory.max-size", "100", "app.limits.max-in-flight", "1"));
        }
    }

    private OpenApiDocument document;

    @BeforeEach
    void readTheDocument() {
        document = OpenApiDocument.fetch();
    }

    @Test
    void injectedFaultsAreDocumented() {
        for (String fault : new String[] { "500", "503" }) {
            HttpResponse<String> placing = OpenApiDocument.send(RawHttp.post(ORDERS, TestOrders.VALID)
                    .header("X-Inject-Fault", fault));
            assertEquals(Integer.parseInt(fault), placing.statusCode(), placing.body());
            document.assertDocuments(ORDERS, "POST", placing);

            HttpResponse<String> reading = OpenApiDocument.send(HttpRequest.newBuilder(
                    RawHttp.uri("/api/orders/no-such-order")).header("X-Inject-Fault", fault));
            assertEquals(Integer.parseInt(fault), reading.statusCode(), reading.body());
            document.assertDocuments(ORDER, "GET", reading);
        }
    }

    @Test
    void aFullStoreIsDocumented() {
        HttpResponse<String> answer = OpenApiDocument.send(RawHttp.post(ORDERS, TestOrders.forCustomer("fills")));
        if (answer.statusCode() == 201) {
            answer = OpenApiDocument.send(RawHttp.post(ORDERS, TestOrders.forCustomer("overflows")));
        }
        assertEquals(507, answer.statusCode(), answer.body());
        document.assertDocuments(ORDERS, "POST", answer);
    }

    @Test
    void overloadIsDocumentedWithRetryAfter() throws Exception {
        URI server = RawHttp.uri("/");
        try (HeldRequest held = HeldRequest.start(server.getHost(), server.getPort(), ORDERS, TestOrders.VALID)) {
            Awaitility.await("the held request in flight").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                    .until(() -> Scrape.now().value("app_requests_in_flight") == 1);
            HttpResponse<String> placing = OpenApiDocument.send(RawHttp.post(ORDERS, TestOrders.VALID));
            assertEquals(503, placing.statusCode(), placing.body());
            assertTrue(placing.headers().firstValue("Retry-After").isPresent(), placing.headers().toString());
            OpenApiDocument.fetch(); // an operational path, like the probes: served while API requests are shed
            document.assertDocuments(ORDERS, "POST", placing);

            HttpResponse<String> reading = OpenApiDocument.send(HttpRequest.newBuilder(
                    RawHttp.uri("/api/orders/no-such-order")));
            assertEquals(503, reading.statusCode(), reading.body());
            document.assertDocuments(ORDER, "GET", reading);
        }
    }
}
