package com.example.orderservice.limits;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.example.orderservice.ConfigOverrides;
import com.example.orderservice.RawHttp;
import com.example.orderservice.RawHttp.Connection;
import com.example.orderservice.RawHttp.Response;
import com.example.orderservice.TestOrders;
import com.example.orderservice.http.OpenApiDocument;
import com.example.orderservice.metrics.Scrape;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The HTTP edge against a hostile client, over raw sockets to the packaged service: ambiguous framing, bodies too
 * large or too slow, headers too slow, requests Vert.x refuses before any route, and connections closed at every
 * point of an exchange. Each answer is the JSON error with its status and is counted exactly once; after each scenario
 * the in-flight gauge is back to 0 and an order is placed.
 */
@QuarkusIntegrationTest
@TestProfile(HttpEdgeIT.ShortBodyTimeout.class)
class HttpEdgeIT {

    /**
     * {@code app.limits.body-timeout} of this test: short, as each body test waits it out. Every slot taken by a slow
     * body is still seen on a busy machine when opening them takes longer: each slot a timed-out body frees is taken
     * by the next slow body, which times out in turn.
     */
    static final String BODY_TIMEOUT = "4s";
    /** The longest the test waits for any one answer: well past the body timeout, far below the idle timeout. */
    static final Duration READ = Duration.ofSeconds(20);
    static final String HEAD = "POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    /** A request sent after the one under test on the same connection: never answered when the connection closes. */
    static final String SMUGGLED = "GET /api/orders/smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    public static class ShortBodyTimeout extends ConfigOverrides {
        public ShortBodyTimeout() {
            super(Map.of("app.limits.body-timeout", BODY_TIMEOUT));
        }
    }

    static String chunked(String body) {
        return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    }

    static Stream<Arguments> refusedFraming() {
        String order = TestOrders.VALID;
        return Stream.of(
                Arguments.of("two Transfer-Encoding lines",
                        HEAD + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(order), 400),
                Arguments.of("chunked twice", HEAD + "Transfer-Encoding: chunked, chunked\r\n\r\n" + chunked(order), 400),
                Arguments.of("a coding folded onto the next line",
                        HEAD + "Transfer-Encoding:\r\n chunked\r\n\r\n" + chunked(order), 400),
                Arguments.of("two codings folded", HEAD + "Transfer-Encoding: gzip\r\n\tchunked\r\n\r\n" + chunked(order),
                        400),
                Arguments.of("Transfer-Encoding on HTTP/1.0", HEAD.replace("HTTP/1.1", "HTTP/1.0")
                        + "Transfer-Encoding: chunked\r\n\r\n" + chunked(order), 400),
                Arguments.of("a malformed chunk size", HEAD + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + order
                        + "\r\n0\r\n\r\n", 400),
                Arguments.of("a chunk size past 2^64", HEAD + "Transfer-Encoding: chunked\r\n\r\n"
                        + "1ffffffffffffffff\r\n" + order + "\r\n0\r\n\r\n", 400),
                Arguments.of("an unknown coding with Content-Length", HEAD + "Transfer-Encoding: gzip\r\nContent-Length: "
                        + order.length() + "\r\n\r\n" + order, 501),
                Arguments.of("an unknown coding before chunked",
                        HEAD + "Transfer-Encoding: gzip, chunked\r\n\r\n" + chunked(order), 501));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedFraming")
    void ambiguousFramingIsRefusedAndClosesTheConnection(String description, String request, int status) {
        Scrape before = Scrape.now();
        try (Connection connection = Connection.open(READ)) {
            Response response = connection.send(request + SMUGGLED).read();
            response.assertError(status);
            assertEquals("close", response.header("Connection"), description);
            assertTrue(connection.closedByServer(), description + ": the request after it must not be answered");
        }
        assertCounted(before, 1, "POST", "unmatched", status);
        assertRecovered();
    }

    @Test
    void contentLengthBesideChunkedIsReadAsChunkedAndClosesTheConnection() {
        // Netty drops the Content-Length before any handler sees it (RFC 9112 §6.3 allows reading the body by its
        // Transfer-Encoding alone): what matters is that the bytes after the chunked body are never a request.
        Scrape before = Scrape.now();
        for (String length : List.of("0", "4", Integer.toString(TestOrders.VALID.length() + 100))) {
            try (Connection connection = Connection.open(READ)) {
                Response response = connection.send(HEAD + "Content-Length: " + length
                        + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(TestOrders.VALID) + SMUGGLED).read();
                assertEquals(201, response.status(), response.body());
                assertEquals("close", response.header("Connection"));
                assertTrue(connection.closedByServer(), "Content-Length " + length);
            }
        }
        assertCounted(before, 3, "POST", "/api/orders", 201);
        assertRecovered();
    }

    @Test
    void aChunkedBodyOfTheLastChunkAloneIsAnswered() {
        Scrape before = Scrape.now();
        try (Connection connection = Connection.open(READ)) {
            connection.send(HEAD + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n").read().assertError(400);
            assertTrue(connection.closedByServer());
        }
        try (Connection connection = Connection.open(READ)) {
            String order = TestOrders.VALID;
            int half = order.length() / 2;
            Response created = connection.send(HEAD + "Transfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(half) + "\r\n" + order.substring(0, half) + "\r\n"
                    + chunked(order.substring(half))).read();
            assertEquals(201, created.status(), created.body());
            assertTrue(connection.closedByServer(), "every chunked request closes its connection");
        }
        assertCounted(before, 2, "POST", "/api/orders", 400, "POST", "/api/orders", 201);
        assertRecovered();
    }

    /**
     * Hundreds of connections that end at every point of an exchange, with a malformed request pipelined behind an
     * unanswered one: every slot comes back, every request is counted once, and the service keeps placing orders.
     */
    @Test
    void everyExchangeGivesItsSlotBackHoweverItEnds() {
        // Each way of ending is tried on many connections at once; a slot kept by any of them shows as in flight.
        int connections = 60;
        String emptyChunked = HEAD + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
        String malformed = "NOT-HTTP\r\n\r\n";
        Scrape before = Scrape.now();
        for (int i = 0; i < connections; i++) {
            // Closed at once, before or after the answer: the client never reads it.
            try (Connection connection = Connection.open(READ)) {
                connection.send(emptyChunked + malformed);
            }
        }
        for (int i = 0; i < connections; i++) {
            // The answer read, the pipelined request never answered.
            try (Connection connection = Connection.open(READ)) {
                connection.send(emptyChunked + malformed).read().assertError(400);
                assertTrue(connection.closedByServer());
            }
        }
        List<Connection> midBody = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                // Closed in the middle of the body, by a client that may have more requests pipelined.
                midBody.add(Connection.open(READ).send(HEAD + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"cust"));
            }
            OverloadTest.awaitInFlight(connections);
        } finally {
            midBody.forEach(Connection::close);
        }
        OverloadTest.awaitInFlight(0);
        Scrape after = Scrape.afterRequests(before, 3 * connections);
        assertEquals(3 * connections, after.sum("app_requests_total") - before.sum("app_requests_total"));
        // The first ones are answered 400 or, when the close came first, counted as abandoned (499).
        assertEquals(3 * connections, delta(before, after, "POST", "/api/orders", 400)
                + delta(before, after, "POST", "/api/orders", 499) + delta(before, after, "POST", "unmatched", 499));
        assertTrue(delta(before, after, "POST", "/api/orders", 400) >= connections, "every answer read was a 400");
        assertTrue(delta(before, after, "POST", "unmatched", 499) >= connections, "closed mid-body");
        assertRecovered();
    }

    @Test
    void aBodyLargerThanTheLimitIs413AndNothingMoreIsRead() {
        Scrape before = Scrape.now();
        // Declared 300 MiB: refused on its Content-Length, and the service reads no further.
        try (Connection connection = Connection.open(READ)) {
            Response response = connection.send(HEAD + "Content-Length: " + 300 * 1024 * 1024 + "\r\n\r\n").read();
            response.assertError(413);
            assertEquals("close", response.header("Connection"));
            byte[] mebibyte = new byte[1024 * 1024];
            int sent = 0;
            while (sent < 300 && connection.trySend(mebibyte)) {
                sent++;
            }
            assertTrue(sent < 300, "the service went on reading the refused body");
        }
        // Sized and chunked, whole and followed by another request: the request after it is not answered.
        for (String request : List.of(
                HEAD + "Content-Length: " + 70 * 1024 + "\r\n\r\n" + "x".repeat(70 * 1024),
                HEAD + "Transfer-Encoding: chunked\r\n\r\n" + chunked("x".repeat(70 * 1024)))) {
            try (Connection connection = Connection.open(READ)) {
                connection.trySend((request + SMUGGLED).getBytes(StandardCharsets.ISO_8859_1));
                Response response = connection.read();
                response.assertError(413);
                assertTrue(connection.closedByServer());
            }
        }
        assertCounted(before, 3, "POST", "unmatched", 413);
        assertRecovered();
    }

    @Test
    void aBodyThatDoesNotArriveInTimeIs408AsDocumented() {
        Scrape before = Scrape.now();
        // Both sent before either is read: they wait out the body time limit together.
        List<Connection> connections = new ArrayList<>();
        try {
            for (String request : List.of(HEAD + "Content-Length: 1000\r\n\r\n{\"customerId\"",
                    HEAD + "Transfer-Encoding: chunked\r\n\r\n3e8\r\n{\"customerId\"")) {
                connections.add(Connection.open(READ).send(request));
            }
            OpenApiDocument document = OpenApiDocument.fetch();
            for (Connection connection : connections) {
                Response response = connection.read();
                response.assertError(408);
                assertEquals("close", response.header("Connection"));
                assertTrue(connection.closedByServer());
                document.assertDocuments("/api/orders", "POST", 408, response.header("Content-Type"), response.body());
            }
        } finally {
            connections.forEach(Connection::close);
        }
        assertCounted(before, 2, "POST", "unmatched", 408);
        assertRecovered();
    }

    /**
     * More slow bodies than there are slots (520 clients declaring 1,000 bytes and sending one every second, which
     * no idle timeout catches): they are answered 408 or shed, and a normal client is served once the body time limit
     * has freed their slots.
     */
    @Test
    void slowBodiesDoNotKeepOthersFromBeingServed() {
        int slowClients = 520;
        Scrape before = Scrape.now();
        List<Connection> slow = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < slowClients; i++) {
                slow.add(Connection.open(READ).send(HEAD + "Content-Length: 1000\r\n\r\n{"));
            }
            trickle.scheduleWithFixedDelay(() -> slow.forEach(c -> c.trySend(new byte[] { ' ' })), 1, 1,
                    TimeUnit.SECONDS);
            int[] attempts = { 0 };
            Awaitility.await("an order placed while slow clients hold slots").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        attempts[0]++;
                        int status = given().contentType("application/json").body(TestOrders.VALID)
                                .post("/api/orders").statusCode();
                        assertTrue(status == 201 || status == 503, "status " + status);
                        return status == 201;
                    });
            int timedOut = 0;
            for (Connection connection : slow) {
                Response response = connection.read();
                if (response.status() == 408) {
                    response.assertError(408);
                    timedOut++;
                } else {
                    response.assertError(503);
                }
            }
            Scrape after = Scrape.afterRequests(before, slowClients + attempts[0]);
            assertEquals(slowClients + attempts[0], after.sum("app_requests_total") - before.sum("app_requests_total"));
            assertEquals(timedOut, delta(before, after, "POST", "unmatched", 408));
            assertEquals(slowClients - timedOut + attempts[0] - 1, delta(before, after, "POST", "unmatched", 503));
            assertEquals(1, delta(before, after, "POST", "/api/orders", 201));
            assertTrue(timedOut >= 512, "every slot was held by a slow body: " + timedOut);
        } finally {
            trickle.shutdownNow();
            slow.forEach(Connection::close);
        }
        assertRecovered();
    }

    /** Request lines and headers that never end hold no slot: other clients are served meanwhile, and counted alone. */
    @Test
    void slowHeadersDoNotKeepOthersFromBeingServed() {
        Scrape before = Scrape.now();
        List<Connection> slow = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < 100; i++) {
                slow.add(Connection.open(READ).send(i % 2 == 0 ? "POST /api/ord" : HEAD + "X-Slow: a"));
            }
            trickle.scheduleWithFixedDelay(() -> slow.forEach(c -> c.trySend(new byte[] { 'a' })), 0, 1,
                    TimeUnit.SECONDS);
            for (int i = 0; i < 20; i++) {
                given().contentType("application/json").body(TestOrders.VALID).post("/api/orders").then()
                        .statusCode(201);
            }
            assertEquals(0.0, Scrape.now().value("app_requests_in_flight"));
        } finally {
            trickle.shutdownNow();
            slow.forEach(Connection::close);
        }
        assertCounted(before, 20, "POST", "/api/orders", 201);
    }

    static Stream<Arguments> refusedBeforeRouting() {
        return Stream.of(
                Arguments.of("no Host", "GET /api/orders/1 HTTP/1.1\r\n\r\n", "GET", 400),
                Arguments.of("GET *", "GET * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "GET", 404),
                Arguments.of("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "OPTIONS", 404),
                Arguments.of("POST without Host", "POST /api/orders HTTP/1.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + TestOrders.VALID.length() + "\r\n\r\n" + TestOrders.VALID, "POST", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedBeforeRouting")
    void requestsRefusedBeforeRoutingAreCountedJsonErrors(String description, String request, String method,
            int status) {
        Scrape before = Scrape.now();
        try (Connection connection = Connection.open(READ)) {
            connection.send(request).read().assertError(status);
            assertTrue(connection.closedByServer(), description);
        }
        assertCounted(before, 1, method, "unmatched", status);
        assertRecovered();
    }

    /**
     * Exactly {@code total} more requests counted than in {@code before}, all of them in the series named by the
     * (method, endpoint, status) triples, one request each unless a triple repeats.
     */
    static void assertCounted(Scrape before, int total, Object... series) {
        Scrape after = Scrape.afterRequests(before, total);
        assertEquals(total, after.sum("app_requests_total") - before.sum("app_requests_total"), "requests counted");
        assertEquals(total, after.sum("app_request_duration_seconds_count")
                - before.sum("app_request_duration_seconds_count"), "requests timed");
        double inSeries = 0;
        for (int i = 0; i < series.length; i += 3) {
            inSeries += delta(before, after, (String) series[i], (String) series[i + 1], (Integer) series[i + 2]);
        }
        assertEquals(total, inSeries, "requests counted in the expected series");
    }

    static double delta(Scrape before, Scrape after, String method, String endpoint, int status) {
        String[] labels = { "method", method, "endpoint", endpoint, "status", Integer.toString(status) };
        return after.value("app_requests_total", labels) - before.value("app_requests_total", labels);
    }

    /** No slot left taken, and an order is placed. */
    static void assertRecovered() {
        OverloadTest.awaitInFlight(0);
        given().contentType("application/json").body(TestOrders.VALID).post("/api/orders").then().statusCode(201);
        assertFalse(Scrape.now().sum("app_requests_in_flight") > 0);
    }
}
