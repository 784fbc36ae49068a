package com.example.orderservice.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.example.orderservice.TestOrders;
import com.example.orderservice.RawHttp;
import com.example.orderservice.Replica;
import com.example.orderservice.http.FaultInjection;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The packaged service as production runs it (the prod profile, its log on standard output), with tracing switched on
 * the way an operator does and no collector anywhere: it serves; its log is one JSON object per line; a log line
 * written while handling a request carries that request's trace, the client's when it sent a {@code traceparent},
 * a new one when it did not.
 */
class TraceContextIT {

    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    static final String CLIENT_SPAN_ID = "b7ad6b7169203331";
    static final HttpClient HTTP = RawHttp.client();
    static final String ORDER = TestOrders.VALID;

    @Test
    void logLinesAreJsonAndCarryTheTraceOfTheirRequest() {
        try (Replica service = new Replica("traced", Map.of("quarkus.otel.sdk.disabled", "false",
                "app.fault-injection.enabled", "true")).start()) {
            assertEquals(201, post(service, Map.of()).statusCode(), "serves with tracing on and no collector");

            // An injected failure is logged as an error by the error mapping, inside the request.
            assertEquals(500, post(service, Map.of("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN_ID + "-01",
                    FaultInjection.HEADER, "500")).statusCode());
            JsonNode continued = awaitFailureLogged(service, 1);
            assertEquals(TRACE_ID, continued.path("mdc").path("traceId").asText(), continued.toString());
            String spanId = continued.path("mdc").path("spanId").asText();
            assertTrue(spanId.matches("[0-9a-f]{16}") && !spanId.equals(CLIENT_SPAN_ID),
                    "the service's own span, a child of the client's: " + continued);

            assertEquals(500, post(service, Map.of(FaultInjection.HEADER, "500")).statusCode());
            JsonNode started = awaitFailureLogged(service, 2);
            String newTrace = started.path("mdc").path("traceId").asText();
            assertTrue(newTrace.matches("[0-9a-f]{32}") && !newTrace.matches("0+"), "a new trace: " + started);
            assertNotEquals(TRACE_ID, newTrace);

            for (String line : service.logText().lines().filter(l -> !l.isBlank()).toList()) {
                JsonNode entry = parse(line);
                assertTrue(entry.has("timestamp") && entry.has("level") && entry.has("message"), line);
            }
        }
    }

    /** The n-th log line of the error mapping's "unexpected failure", once it is written (bounded wait). */
    static JsonNode awaitFailureLogged(Replica service, int n) {
        return Awaitility.await("failure number " + n + " logged").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> failures(service), found -> found.size() >= n).get(n - 1);
    }

    static List<JsonNode> failures(Replica service) {
        return service.logText().lines().filter(l -> l.contains("Unexpected failure")).map(TraceContextIT::parse)
                .filter(entry -> entry.path("level").asText().equals("ERROR")).toList();
    }

    static JsonNode parse(String line) {
        JsonNode entry = RawHttp.json(line);
        assertTrue(entry != null && entry.isObject(), "not a JSON object: " + line);
        return entry;
    }

    static HttpResponse<String> post(Replica service, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.uri("/api/orders")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ORDER));
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
