package com.example.orderservice.order;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import com.example.orderservice.ApiErrors;

/** A database that never answers is a 503 after {@code app.orders.store-timeout}, not a request held for minutes. */
@QuarkusTest
@QuarkusTestResource(value = HungDatabaseResource.class, restrictToAnnotatedClass = true)
public class HungDatabaseTest {

    @AfterAll
    static void hangUp() {
        HungDatabaseResource.hangUp();
    }

    @Test
    void aDatabaseThatNeverAnswersIs503() {
        ApiErrors.assertError(given().contentType("application/json").body(PostgresOrderStoreTest.ORDER)
                .post("/api/orders").then(), 503)
                .body("detail", equalTo("The order store is unavailable; retry later"));
        ApiErrors.assertError(given().get("/api/orders/" + UUID.randomUUID()).then(), 503);
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'order-store' }.status", equalTo("DOWN"));
    }
}
