package com.example.orderservice.order;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.example.orderservice.TestOrders;
import com.example.orderservice.ApiErrors;
import com.example.orderservice.RawHttp;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The order API's contract with the store behind it: an order placed is served back, an unknown one is a 404. What
 * is refused before the store is reached is in {@link HostileInputTest}.
 */
@QuarkusTest
public class OrderResourceTest {

    static final String VALID = TestOrders.VALID;

    @Test
    void createsAnOrderAndServesItBack() {
        String location = given().contentType("application/json").body(VALID)
                .post("/api/orders")
                .then().statusCode(201)
                .contentType(startsWith("application/json"))
                .header("Location", matchesPattern(".*/api/orders/[0-9a-f-]{36}$"))
                .body("status", equalTo("created"))
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("customerId", equalTo("customer-42"))
                .body("items.sku", containsInAnyOrder("sku-1", "sku-2"))
                .body("items.quantity", containsInAnyOrder(2, 1))
                .body("createdAt", notNullValue())
                .extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        given().get("/api/orders/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("customerId", equalTo("customer-42"))
                .body("items", hasSize(2));
    }

    /** The JDK's HttpClient, as most JVM clients are built, asks for an upgrade to cleartext HTTP/2 by default. */
    @Test
    void aClientAskingForHttp2GetsItsOrderPlaced() throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient()
                .send(RawHttp.post("/api/orders", VALID).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(HttpClient.Version.HTTP_1_1, created.version());
    }

    @Test
    void unknownOrderIs404WithJsonError() {
        ApiErrors.assertError(given().get("/api/orders/does-not-exist").then(), 404)
                .body("detail", equalTo("No order with this id"));
    }

    /**
     * Each path answers OPTIONS with the methods it serves, and every other method with a 405 carrying the same
     * {@code Allow} (RFC 9110 §15.5.6); each method it lists is served (HEAD as GET without the body).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "/api/orders | POST, OPTIONS", "/api/orders/some-id | GET, HEAD, OPTIONS" })
    void eachPathAllowsWhatItServesAndAnswers405WithAllowOtherwise(String path, String allow) {
        given().options(path).then().statusCode(200).header("Allow", allow);
        Set<String> allowed = Set.of(allow.split(", "));
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")) {
            ValidatableResponse answer = given().request(method, path).then();
            if (allowed.contains(method)) {
                answer.statusCode(not(405));
            } else if (method.equals("HEAD")) {
                answer.statusCode(405).header("Allow", allow);
            } else {
                ApiErrors.assertError(answer, 405).header("Allow", allow);
            }
        }
    }

    @Test
    void optionsOfAPathThatDoesNotExistIs404() {
        ApiErrors.assertError(given().options("/api/orders/a/b").then(), 404);
    }
}
