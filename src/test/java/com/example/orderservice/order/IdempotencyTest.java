package com.example.orderservice.order;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.example.orderservice.ApiErrors;
import com.example.orderservice.RawHttp;
import com.example.orderservice.metrics.Scrape;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
public class IdempotencyTest {

    static final String ORDER = """
            {"customerId": "c-idem", "items": [{"sku": "sku-1", "quantity": 2}]}""";

    static Response post(String key, String body) {
        return given().contentType("application/json").header("Idempotency-Key", key).body(body).post("/api/orders");
    }

    @Test
    void aRetryGetsTheSameAnswerAndPlacesNoSecondOrder() {
        String key = UUID.randomUUID().toString();
        Response first = post(key, ORDER);
        first.then().statusCode(201).header("Idempotent-Replayed", nullValue());

        // Reformatted JSON, same purchase: a retry, whatever the client's serializer did.
        Response retry = post(key, "{ \"items\" : [ {\"quantity\":2, \"sku\":\"sku-1\"} ], \"customerId\":\"c-idem\" }");
        retry.then().statusCode(201).header("Idempotent-Replayed", equalTo("true"));

        assertEquals(first.header("Location"), retry.header("Location"));
        assertEquals(first.jsonPath().getMap(""), retry.jsonPath().getMap(""), "the same body, createdAt included");
        given().get("/api/orders/" + first.jsonPath().getString("id")).then().statusCode(200)
                .body("customerId", equalTo("c-idem"));
    }

    @Test
    void theSameKeyForADifferentOrderIs422AndChangesNothing() {
        String key = UUID.randomUUID().toString();
        String id = post(key, ORDER).then().statusCode(201).extract().path("id");

        String other = "{\"customerId\": \"c-idem\", \"items\": [{\"sku\": \"sku-1\", \"quantity\": 3}]}";
        ApiErrors.assertError(post(key, other).then(), 422).body("title", equalTo("Unprocessable Entity"));
        ApiErrors.assertError(post(key, "{\"customerId\": \"c-other\", \"items\": [{\"sku\": \"sku-1\", \"quantity\": 2}]}").then(),
                422);

        given().get("/api/orders/" + id).then().statusCode(200).body("items[0].quantity", equalTo(2));
        post(key, ORDER).then().statusCode(201).body("id", equalTo(id));
    }

    @Test
    void differentKeysPlaceDifferentOrders() {
        String first = post(UUID.randomUUID().toString(), ORDER).then().statusCode(201).extract().path("id");
        String second = post(UUID.randomUUID().toString(), ORDER).then().statusCode(201).extract().path("id");
        assertEquals(false, first.equals(second));
    }

    @Test
    void withoutAKeyEveryRequestPlacesAnOrder() {
        String first = given().contentType("application/json").body(ORDER).post("/api/orders")
                .then().statusCode(201).extract().path("id");
        String second = given().contentType("application/json").body(ORDER).post("/api/orders")
                .then().statusCode(201).extract().path("id");
        assertEquals(false, first.equals(second));
    }

    @Test
    void aRejectedRequestDoesNotUseUpItsKey() {
        String key = UUID.randomUUID().toString();
        ApiErrors.assertError(post(key, "{\"customerId\": \"\", \"items\": []}").then(), 400);
        post(key, ORDER).then().statusCode(201).header("Idempotent-Replayed", nullValue());
    }

    static List<String> malformedKeys() {
        return List.of("", "has space", "tab\there", "clé", "k".repeat(256));
    }

    @ParameterizedTest
    @MethodSource("malformedKeys")
    void aMalformedKeyIs400(String key) {
        ApiErrors.assertError(post(key, ORDER).then(), 400).body("detail", equalTo(
                "The Idempotency-Key header must be 1 to 255 visible ASCII characters"));
    }

    /**
     * Two keys (two header lines, or one line with a comma, which is how a proxy may join them) are refused, not one
     * of them picked; nothing is stored, so each key stays free.
     */
    @Test
    void moreThanOneKeyIs400AndCounted() throws Exception {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        List<HttpRequest> requests = List.of(
                RawHttp.post("/api/orders", ORDER).header("Idempotency-Key", first).header("Idempotency-Key", second).build(),
                RawHttp.post("/api/orders", ORDER).header("Idempotency-Key", first + "," + second).build(),
                RawHttp.post("/api/orders", ORDER).header("Idempotency-Key", first + ", " + second).build(),
                RawHttp.post("/api/orders", ORDER).header("Idempotency-Key", first).header("Idempotency-Key", first).build());
        Scrape before = Scrape.now();
        HttpClient client = RawHttp.client();
        for (HttpRequest request : requests) {
            assertEquals("Send one Idempotency-Key header, with one key", ApiErrors.assertError(
                    client.send(request, HttpResponse.BodyHandlers.ofString()), 400).path("detail").asText());
        }
        Scrape after = Scrape.afterRequests(before, requests.size());
        String[] refused = { "method", "POST", "endpoint", "/api/orders", "status", "400" };
        assertEquals(requests.size(), after.value("app_requests_total", refused) - before.value("app_requests_total", refused));
        assertEquals(requests.size(), after.sum("app_requests_total") - before.sum("app_requests_total"));

        post(first, ORDER).then().statusCode(201).header("Idempotent-Replayed", nullValue());
        post(second, ORDER).then().statusCode(201).header("Idempotent-Replayed", nullValue());
    }

    @Test
    void aKeyOfTheMaximumLengthIsAccepted() {
        String key = UUID.randomUUID() + "-" + "k".repeat(255 - 37);
        assertEquals(255, key.length());
        post(key, ORDER).then().statusCode(201);
    }

    @Test
    void concurrentRetriesWithOneKeyPlaceOneOrder() {
        String key = UUID.randomUUID().toString();
        int retries = 64;
        HttpClient client = RawHttp.client();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < retries; i++) {
            answers.add(client.sendAsync(RawHttp.post("/api/orders", ORDER).header("Idempotency-Key", key).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> ids = new HashSet<>();
        int placed = 0;
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.join();
            assertEquals(201, response.statusCode(), response.body());
            ids.add(new JsonPath(response.body()).getString("id"));
            if (response.headers().firstValue("Idempotent-Replayed").isEmpty()) {
                placed++;
            }
        }
        assertEquals(1, ids.size(), "every retry answers with the same order: " + ids);
        assertEquals(1, placed, "exactly one request placed the order, the others were replays");
        given().get("/api/orders/" + ids.iterator().next()).then().statusCode(200).body("items", hasSize(1));
    }
}
