package com.example.orderservice.order;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import com.example.orderservice.ApiErrors;

/** A full in-memory store refuses new orders with a JSON 507 and keeps the ones it accepted. */
@QuarkusTest
@TestProfile(FullStoreTest.OneOrder.class)
class FullStoreTest {

    public static class OneOrder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("app.orders.memory.capacity", "1");
        }
    }

    @Test
    void aNewOrderBeyondTheCapacityIs507() {
        String location = given().contentType("application/json").body(OrderResourceTest.VALID).post("/api/orders")
                .then().statusCode(201).extract().header("Location");

        ApiErrors.assertError(given().contentType("application/json").body(OrderResourceTest.VALID).post("/api/orders").then(), 507)
                .body("title", equalTo("Insufficient Storage"))
                .body("detail", equalTo("The in-memory order store is full (1 orders); no order was placed. Raise "
                        + "app.orders.memory.capacity together with the memory limit, or store orders in PostgreSQL"));
        given().get(location).then().statusCode(200);
    }
}
