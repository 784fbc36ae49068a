package com.example.orderservice.order;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.example.orderservice.ApiErrors;
import com.example.orderservice.RawHttp;
import com.example.orderservice.metrics.Scrape;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Every input the service refuses, from a missing field to input meant to break it: every answer is a JSON error with
 * the right status, never a 500 or a stack trace, and the metric labels stay bounded. The refusals never reach the
 * store, so they run against the in-memory store alone.
 */
@QuarkusTest
public class HostileInputTest {

    /** {@code quarkus.http.limits.max-body-size} in application.properties. */
    static final int MAX_BODY = 64 * 1024;

    static String order(String customerId, String items) {
        return "{\"customerId\": " + customerId + ", \"items\": " + items + "}";
    }

    static String items(int count) {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            items.append(i == 0 ? "" : ",").append("{\"sku\": \"s-").append(i).append("\", \"quantity\": 1}");
        }
        return items.append(']').toString();
    }

    static final String ONE_ITEM = items(1);

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("missing customerId", "{\"items\": [{\"sku\": \"a\", \"quantity\": 1}]}", "/customerId"),
                Arguments.of("blank customerId", "{\"customerId\": \"  \", \"items\": [{\"sku\": \"a\", \"quantity\": 1}]}", "/customerId"),
                Arguments.of("missing items", "{\"customerId\": \"c\"}", "/items"),
                Arguments.of("empty items", "{\"customerId\": \"c\", \"items\": []}", "/items"),
                Arguments.of("null item", "{\"customerId\": \"c\", \"items\": [null]}", "/items/0"),
                Arguments.of("quantity zero", "{\"customerId\": \"c\", \"items\": [{\"sku\": \"a\", \"quantity\": 0}]}", "/items/0/quantity"),
                Arguments.of("quantity missing", "{\"customerId\": \"c\", \"items\": [{\"sku\": \"a\"}]}", "/items/0/quantity"),
                Arguments.of("blank sku", "{\"customerId\": \"c\", \"items\": [{\"sku\": \"\", \"quantity\": 1}]}", "/items/0/sku"),
                Arguments.of("quantity not int", "{\"customerId\": \"c\", \"items\": [{\"sku\": \"a\", \"quantity\": \"x\"}]}", "/items/0/quantity"),
                Arguments.of("unknown field", "{\"customerId\": \"c\", \"items\": [{\"sku\": \"a\", \"quantity\": 1}], \"coupon\": 1}", "/coupon"),
                Arguments.of("quantity 1e20", order("\"c\"", "[{\"sku\": \"a\", \"quantity\": 1e20}]"), "/items/0/quantity"),
                Arguments.of("quantity 2^31", order("\"c\"", "[{\"sku\": \"a\", \"quantity\": 2147483648}]"), "/items/0/quantity"),
                Arguments.of("quantity -2^31-1", order("\"c\"", "[{\"sku\": \"a\", \"quantity\": -2147483649}]"), "/items/0/quantity"),
                Arguments.of("quantity 10^30", order("\"c\"", "[{\"sku\": \"a\", \"quantity\": 1000000000000000000000000000000}]"), "/items/0/quantity"),
                Arguments.of("quantity -1", order("\"c\"", "[{\"sku\": \"a\", \"quantity\": -1}]"), "/items/0/quantity"),
                Arguments.of("quantity 10001", order("\"c\"", "[{\"sku\": \"a\", \"quantity\": 10001}]"), "/items/0/quantity"),
                Arguments.of("quantity 1.5", order("\"c\"", "[{\"sku\": \"a\", \"quantity\": 1.5}]"), "/items/0/quantity"),
                Arguments.of("quantity as string", order("\"c\"", "[{\"sku\": \"a\", \"quantity\": \"5\"}]"), "/items/0/quantity"),
                Arguments.of("customerId as number", order("42", ONE_ITEM), "/customerId"),
                Arguments.of("duplicate customerId", "{\"customerId\": \"a\", \"customerId\": \"b\", \"items\": " + ONE_ITEM + "}", "/customerId"),
                Arguments.of("duplicate sku", order("\"c\"", "[{\"sku\": \"a\", \"sku\": \"b\", \"quantity\": 1}]"), "/items/0/sku"),
                Arguments.of("customerId of 65", order("\"" + "x".repeat(65) + "\"", ONE_ITEM), "/customerId"),
                Arguments.of("customerId of 60,000", order("\"" + "x".repeat(60_000) + "\"", ONE_ITEM), "/customerId"),
                Arguments.of("101 items", order("\"c\"", items(101)), "/items"),
                Arguments.of("NUL in customerId", order("\"a\\u0000b\"", ONE_ITEM), "/customerId"),
                Arguments.of("escape in sku", order("\"c\"", "[{\"sku\": \"\\u001b[31m\", \"quantity\": 1}]"), "/items/0/sku"),
                Arguments.of("lone surrogate", order("\"\\ud800\"", ONE_ITEM), "/customerId"),
                Arguments.of("customerId as object", order("{\"$ne\": null}", ONE_ITEM), "/customerId"),
                Arguments.of("items as object", order("\"c\"", "{\"sku\": \"a\"}"), "/items"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void invalidValuesAre400NamingTheField(String description, String body, String field) {
        ApiErrors.assertError(post("application/json", body), 400).body("errors.pointer", hasItem(field));
    }

    static Stream<Arguments> malformedBodies() {
        String valid = order("\"c\"", ONE_ITEM);
        return Stream.of(
                Arguments.of("truncated", valid.substring(0, valid.length() / 2)),
                Arguments.of("cut after a key", "{\"customerId\""),
                Arguments.of("trailing garbage", valid + "garbage"),
                Arguments.of("two documents", valid + valid),
                Arguments.of("single quotes", "{'customerId': 'c'}"),
                Arguments.of("comment", "{/* x */ \"customerId\": \"c\"}"),
                Arguments.of("bare word", "null"),
                Arguments.of("plain text", "not json at all"),
                Arguments.of("an array", "[1, 2]"),
                Arguments.of("a string", "\"a string\""),
                Arguments.of("empty", ""),
                Arguments.of("deep nesting", "[".repeat(5000) + "]".repeat(5000)),
                Arguments.of("invalid UTF-8", new String(new byte[] { '{', '"', (byte) 0xC3, (byte) 0x28, '"' },
                        StandardCharsets.ISO_8859_1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedJsonIs400(String description, String body) {
        ApiErrors.assertError(post("application/json", body), 400);
    }

    @Test
    void everyBadFieldIsNamed() {
        String body = "{\"customerId\": \"\", \"items\": [{\"sku\": \"\", \"quantity\": -1}]}";
        ApiErrors.assertError(given().contentType("application/json").body(body).post("/api/orders").then(), 400)
                .body("errors.pointer", containsInAnyOrder("/customerId", "/items/0/sku", "/items/0/quantity"));
    }

    @Test
    void unknownRouteIs404WithJsonError() {
        ApiErrors.assertError(given().get("/api/nothing/here").then(), 404);
        ApiErrors.assertError(given().get("/api/orders/a/b").then(), 404);
    }

    @Test
    void unicodeIsStoredAndServedBackIntact() {
        String customer = "客户-😀-ü-עברית";
        String id = given().contentType("application/json; charset=UTF-8")
                .body(order("\"" + customer + "\"", "[{\"sku\": \"📦\", \"quantity\": 1}]").getBytes(StandardCharsets.UTF_8))
                .post("/api/orders").then().statusCode(201).extract().path("id");
        given().get("/api/orders/" + id).then().statusCode(200)
                .body("customerId", equalTo(customer)).body("items[0].sku", equalTo("📦"));
    }

    /** Exactly what docs/api.md documents: application/json, at most with charset=utf-8 (any case, quoted or not). */
    @Test
    void onlyApplicationJsonInUtf8IsAccepted() {
        String valid = order("\"c\"", ONE_ITEM);
        List<String> json = List.of("application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8",
                "application/json; charset=\"utf-8\"", "APPLICATION/JSON", "Application/Json; Charset=Utf-8");
        List<String> others = List.of("text/plain", "application/xml", "application/jsonx", "text/json", "*/*",
                "application/*", "application/problem+json", "application/merge-patch+json", "application/vnd.api+json",
                "application/json; charset=iso-8859-1", "application/json; charset=utf-16", "application/json; foo=bar",
                "application/json;a=\"", "application/json, text/plain", "", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded");
        Scrape before = Scrape.now();
        for (String type : json) {
            HttpResponse<String> created = send(withContentType(type, valid));
            assertEquals(201, created.statusCode(), type + ": " + created.body());
        }
        for (String type : others) {
            ApiErrors.assertError(send(withContentType(type, valid)), 415);
        }
        ApiErrors.assertError(send(HttpRequest.newBuilder(RawHttp.uri("/api/orders"))
                .POST(HttpRequest.BodyPublishers.ofString(valid)).build()), 415);

        Scrape after = Scrape.afterRequests(before, json.size() + others.size() + 1);
        assertEquals(json.size(), delta(before, after, "201"));
        assertEquals(others.size() + 1, delta(before, after, "415"));
        assertEquals(json.size() + others.size() + 1, after.sum("app_requests_total") - before.sum("app_requests_total"));
    }

    static Stream<Arguments> malformedUtf8() {
        return Stream.of(
                Arguments.of("overlong 2-byte /", bytes("{\"customerId\": \"", 0xC0, 0xAF, "\", \"items\": " + ONE_ITEM + "}")),
                Arguments.of("overlong 3-byte /", bytes("{\"customerId\": \"", 0xE0, 0x80, 0xAF, "\", \"items\": " + ONE_ITEM + "}")),
                Arguments.of("overlong 4-byte A", bytes("{\"customerId\": \"", 0xF0, 0x80, 0x81, 0x81, "\", \"items\": " + ONE_ITEM + "}")),
                Arguments.of("lone continuation byte", bytes("{\"customerId\": \"a", 0x80, "\", \"items\": " + ONE_ITEM + "}")),
                Arguments.of("truncated sequence at the end", bytes("{\"customerId\": \"a", 0xE2, 0x82)),
                Arguments.of("UTF-16 surrogate in UTF-8", bytes("{\"customerId\": \"", 0xED, 0xA0, 0x80, "\", \"items\": " + ONE_ITEM + "}")),
                Arguments.of("above U+10FFFF", bytes("{\"customerId\": \"", 0xF4, 0x90, 0x80, 0x80, "\", \"items\": " + ONE_ITEM + "}")),
                Arguments.of("byte 0xFF", bytes("{\"customerId\": \"a", 0xFF, "\", \"items\": " + ONE_ITEM + "}")));
    }

    /** Refused before Jackson, which would decode an overlong form (C0 AF as "/") instead of refusing it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedUtf8")
    void malformedUtf8Is400AndCounted(String description, byte[] body) {
        Scrape before = Scrape.now();
        HttpResponse<String> refused = send(HttpRequest.newBuilder(RawHttp.uri("/api/orders"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertEquals("The body is not well-formed UTF-8", ApiErrors.assertError(refused, 400).path("detail").asText());
        Scrape after = Scrape.afterRequests(before, 1);
        assertEquals(1.0, delta(before, after, "400"));
        assertEquals(1.0, after.sum("app_requests_total") - before.sum("app_requests_total"));
    }

    /** The text parts in UTF-8, the numbers as single bytes. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(part.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    static HttpRequest withContentType(String type, String body) {
        return HttpRequest.newBuilder(RawHttp.uri("/api/orders")).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static double delta(Scrape before, Scrape after, String status) {
        String[] labels = { "method", "POST", "endpoint", "/api/orders", "status", status };
        return after.value("app_requests_total", labels) - before.value("app_requests_total", labels);
    }

    @Test
    void bodiesOverTheLimitAre413WhetherSizedOrChunkedAndAreCounted() {
        Scrape before = Scrape.now();
        String huge = order("\"c\"", items(MAX_BODY / 20));
        assertTrue(huge.length() > MAX_BODY);

        ApiErrors.assertError(send(RawHttp.post("/api/orders", huge).build()), 413);
        byte[] bytes = huge.getBytes(StandardCharsets.UTF_8);
        // A body of unknown length: sent chunked, so only counting the bytes as they arrive can refuse it.
        HttpRequest chunked = HttpRequest.newBuilder(RawHttp.uri("/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
        ApiErrors.assertError(send(chunked), 413);
        ApiErrors.assertError(send(HttpRequest.newBuilder(RawHttp.uri("/api/orders"))
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString(huge)).build()), 413);
        // Just under the limit is read in full (and refused for what it says, not for its size).
        String underLimit = order("\"" + "x".repeat(MAX_BODY - 100) + "\"", ONE_ITEM);
        assertTrue(underLimit.length() < MAX_BODY);
        ApiErrors.assertError(send(RawHttp.post("/api/orders", underLimit).build()), 400);

        Scrape after = Scrape.afterRequests(before, 4);
        assertEquals(3.0, after.value("app_requests_total", "method", "POST", "endpoint", "unmatched", "status", "413")
                - before.value("app_requests_total", "method", "POST", "endpoint", "unmatched", "status", "413"));
    }

    @Test
    void anOversizedRequestLineIs414AndOversizedHeadersAre431() {
        // Refused by the HTTP decoder before any route runs: a status and a closed connection, never a 500.
        HttpResponse<String> longUri = send(HttpRequest.newBuilder(RawHttp.uri("/api/orders/" + "a".repeat(5000)))
                .GET().build());
        assertEquals(414, longUri.statusCode());
        HttpResponse<String> bigHeader = send(HttpRequest.newBuilder(RawHttp.uri("/api/orders/x"))
                .header("X-Big", "b".repeat(30_000)).GET().build());
        assertEquals(431, bigHeader.statusCode());
        // The service is unharmed.
        given().get("/api/orders/still-there").then().statusCode(404);
    }

    static io.restassured.response.ValidatableResponse post(String contentType, String body) {
        return given().contentType(contentType).body(body.getBytes(StandardCharsets.ISO_8859_1)).post("/api/orders")
                .then();
    }

    /** Each on a connection of its own: most of these requests are answered by closing theirs. */
    static HttpResponse<String> send(HttpRequest request) {
        return RawHttp.sendAlone(request);
    }
}
