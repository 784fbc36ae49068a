package com.example.orderservice.order;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import com.example.orderservice.ConfigOverrides;
import com.example.orderservice.ApiErrors;

/** A full in-memory store refuses new orders with a JSON 507 and keeps the ones it accepted. */
@QuarkusTest
@TestProfile(FullStoreTest.OneOrder.class)
class FullStoreTest {

    /** Room for the heap of one order of {@link OrderResourceTest#VALID}, and not for two. */
    public static class OneOrder extends ConfigOverrides {
        public OneOrder() {
            super(Map.of("app.orders.memory.max-size", Long.toString(InMemoryOrderStore.footprint(new Order(
                    UUID.randomUUID().toString(), "customer-42",
                    List.of(new OrderItem("sku-1", 2), new OrderItem("sku-2", 1)), Instant.now(), null)))));
        }
    }

    @Test
    void aNewOrderBeyondTheBoundIs507() {
        String location = given().contentType("application/json").body(OrderResourceTest.VALID).post("/api/orders")
                .then().statusCode(201).extract().header("Location");

        ApiErrors.assertError(given().contentType("application/json").body(OrderResourceTest.VALID).post("/api/orders").then(), 507)
                .body("title", equalTo("Insufficient Storage"))
                .body("detail", equalTo("The in-memory order store is full; no order was placed. Give the service "
                        + "more memory, or store orders in PostgreSQL"));
        given().get(location).then().statusCode(200);
    }
}
