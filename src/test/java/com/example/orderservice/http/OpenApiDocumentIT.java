package com.example.orderservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;

import com.example.orderservice.RawHttp;
import com.example.orderservice.TestOrders;
import com.example.orderservice.metrics.Scrape;

/**
 * The OpenAPI document at {@code /q/openapi} describes what the packaged service answers: its paths and methods are
 * exactly the order API's routes (every other method is the documented 405), and each answer the tests make the
 * service give has a documented status, content type, body schema and headers. Which test produces which status is
 * {@link #PRODUCED}; the document must list exactly those. The 500s, 503s and the 507 need a service configured to
 * fail: {@link OpenApiFaultsIT}; the 408 one with a short body time limit, where it is waited for anyway:
 * {@link com.example.orderservice.limits.HttpEdgeIT}.
 */
@QuarkusIntegrationTest
class OpenApiDocumentIT {

    static final String ORDERS = "/api/orders";
    static final String ORDER = "/api/orders/{id}";
    private static final String UNKNOWN_ORDER = "/api/orders/no-such-order";
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /** Every status the service answers per operation, and so the document lists; each is produced by a test. */
    static final Map<String, Set<Integer>> PRODUCED = Map.of(
            "POST " + ORDERS, Set.of(201, 400, 406, 408, 413, 415, 422, 500, 503, 507),
            "GET " + ORDER, Set.of(200, 404, 406, 500, 503),
            "OPTIONS " + ORDERS, Set.of(200),
            "OPTIONS " + ORDER, Set.of(200));

    private OpenApiDocument document;

    @BeforeEach
    void readTheDocument() {
        document = OpenApiDocument.fetch();
    }

    @Test
    void documentsTheOrderApiAndNothingElse() {
        assertEquals(Map.of(ORDERS, Set.of("POST", "OPTIONS"), ORDER, Set.of("GET", "OPTIONS")), document.operations());
    }

    @Test
    void listsEveryStatusTheTestsProduceAndNoOther() {
        Map<String, Set<Integer>> documented = new TreeMap<>();
        document.operations().forEach((path, methods) -> methods
                .forEach(method -> documented.put(method + " " + path, document.statuses(path, method))));
        assertEquals(new TreeMap<>(PRODUCED), documented);
    }

    /** A documented method is served; any other is the documented 405, so the document lists every route. */
    @Test
    void everyMethodOfADocumentedPathIsServedOrTheDocumented405() {
        document.operations().forEach((path, methods) -> {
            for (String method : METHODS) {
                String concrete = path.replace("{id}", "no-such-order");
                HttpResponse<String> answer = OpenApiDocument.send(HttpRequest.newBuilder(RawHttp.uri(concrete))
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(TestOrders.VALID)));
                if (methods.contains(method)) {
                    assertNotEquals(405, answer.statusCode(), method + " " + path);
                    document.assertDocuments(path, method, answer);
                } else {
                    assertEquals(405, answer.statusCode(), method + " " + path + ": " + answer.body());
                    document.assertMatches(document.response("MethodNotAllowed"), method + " " + path, answer);
                }
            }
        });
    }

    @Test
    void placesAndReadsAnOrderAsDocumented() {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> placed = OpenApiDocument.send(RawHttp.post(ORDERS, TestOrders.VALID)
                .header("Idempotency-Key", key));
        assertEquals(201, placed.statusCode(), placed.body());
        document.assertDocuments(ORDERS, "POST", placed);

        HttpResponse<String> replayed = OpenApiDocument.send(RawHttp.post(ORDERS, TestOrders.VALID)
                .header("Idempotency-Key", key));
        assertEquals(201, replayed.statusCode(), replayed.body());
        assertEquals("true", replayed.headers().firstValue("Idempotent-Replayed").orElse(""));
        document.assertDocuments(ORDERS, "POST", replayed);

        String location = placed.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> read = OpenApiDocument.send(HttpRequest.newBuilder(RawHttp.uri(location)));
        assertEquals(200, read.statusCode(), read.body());
        document.assertDocuments(ORDER, "GET", read);
    }

    @Test
    void refusalsOfAnOrderAreDocumented() {
        Map<Integer, HttpRequest.Builder> refusals = new TreeMap<>(Map.of(
                400, RawHttp.post(ORDERS, "{\"customerId\": \"\", \"items\": [{\"sku\": \"s\", \"quantity\": 0}]}"),
                406, RawHttp.post(ORDERS, TestOrders.VALID).header("Accept", "text/plain"),
                413, RawHttp.post(ORDERS, "{\"customerId\": \"" + "x".repeat(70_000) + "\", \"items\": []}"),
                415, RawHttp.post(ORDERS, TestOrders.VALID).setHeader("Content-Type", "text/plain")));
        refusals.forEach((status, request) -> {
            HttpResponse<String> answer = OpenApiDocument.send(request);
            assertEquals(status, answer.statusCode(), answer.body());
            document.assertDocuments(ORDERS, "POST", answer);
        });

        String key = UUID.randomUUID().toString();
        assertEquals(201, OpenApiDocument.send(RawHttp.post(ORDERS, TestOrders.VALID)
                .header("Idempotency-Key", key)).statusCode());
        HttpResponse<String> reused = OpenApiDocument.send(RawHttp.post(ORDERS, TestOrders.forCustomer("other"))
                .header("Idempotency-Key", key));
        assertEquals(422, reused.statusCode(), reused.body());
        document.assertDocuments(ORDERS, "POST", reused);
    }

    @Test
    void optionsAreDocumented() {
        for (String path : List.of(ORDERS, ORDER)) {
            HttpResponse<String> answer = OpenApiDocument.send(HttpRequest.newBuilder(RawHttp.uri(
                    path.replace("{id}", "no-such-order"))).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, answer.statusCode(), answer.body());
            document.assertDocuments(path, "OPTIONS", answer);
        }
    }

    @Test
    void refusalsOfAReadAreDocumented() {
        HttpResponse<String> unknown = OpenApiDocument.send(HttpRequest.newBuilder(RawHttp.uri(UNKNOWN_ORDER)));
        assertEquals(404, unknown.statusCode(), unknown.body());
        document.assertDocuments(ORDER, "GET", unknown);

        HttpResponse<String> notAcceptable = OpenApiDocument.send(HttpRequest.newBuilder(RawHttp.uri(UNKNOWN_ORDER))
                .header("Accept", "text/plain"));
        assertEquals(406, notAcceptable.statusCode(), notAcceptable.body());
        document.assertDocuments(ORDER, "GET", notAcceptable);
    }

    /** The document is operational, like the probes: not API traffic, so not counted (nor shed). */
    @Test
    void readingTheDocumentIsNotCounted() {
        Scrape before = settled();
        OpenApiDocument.fetch();
        OpenApiDocument.fetch();
        Scrape after = Scrape.now();
        Set<String> endpoints = new TreeSet<>();
        after.samples().stream().filter(sample -> sample.name().equals("app_requests_total"))
                .forEach(sample -> endpoints.add(sample.labels().get("endpoint")));
        assertTrue(endpoints.stream().noneMatch(endpoint -> endpoint.startsWith("/q/")), endpoints.toString());
        assertEquals(before.sum("app_requests_total"), after.sum("app_requests_total"));
    }

    /** A scrape after which the earlier tests' requests are all counted: two scrapes in a row count the same. */
    private static Scrape settled() {
        AtomicReference<Scrape> last = new AtomicReference<>(Scrape.now());
        Awaitility.await("the earlier requests counted").atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
                .until(() -> {
                    Scrape previous = last.getAndSet(Scrape.now());
                    return previous.sum("app_requests_total") == last.get().sum("app_requests_total");
                });
        return last.get();
    }

    /** Swagger UI is a dev-mode tool: the packaged service does not serve it. */
    @Test
    void swaggerUiIsNotServed() {
        assertEquals(404, OpenApiDocument.send(HttpRequest.newBuilder(RawHttp.uri("/q/swagger-ui"))).statusCode());
        assertEquals(404, OpenApiDocument.send(HttpRequest.newBuilder(RawHttp.uri("/q/swagger-ui/"))).statusCode());
    }
}
