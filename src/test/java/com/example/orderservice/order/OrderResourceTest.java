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

import org.junit.jupiter.api.Test;

import com.example.orderservice.TestOrders;
import com.example.orderservice.ApiErrors;
import com.example.orderservice.RawHttp;

import io.quarkus.test.junit.QuarkusTest;

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
                .body("message", equalTo("No order with this id"));
    }
}
