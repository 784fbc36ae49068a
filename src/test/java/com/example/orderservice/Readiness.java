package com.example.orderservice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The service's readiness, {@code /q/health/ready}, as RestAssured reads it from the application under test. */
public final class Readiness {

    private Readiness() {
    }

    /** The service is ready, and its order store check is UP and names this store ({@code memory}, {@code postgresql}). */
    public static void assertReadyWithOrderStore(String store) {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'order-store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'order-store' }.data.store", equalTo(store));
    }
}
