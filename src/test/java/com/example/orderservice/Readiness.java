package com.example.orderservice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The service's readiness, {@code /q/health/ready}, and its order store check, as RestAssured reads them. */
public final class Readiness {

    public static final String PATH = "/q/health/ready";
    private static final String ORDER_STORE_CHECK = "checks.find { it.name == 'order-store' }";

    private Readiness() {
    }

    /** The service is ready, and its order store check is UP and names this store ({@code memory}, {@code postgresql}). */
    public static void assertReadyWithOrderStore(String store) {
        given().get(PATH).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body(ORDER_STORE_CHECK + ".status", equalTo("UP"))
                .body(ORDER_STORE_CHECK + ".data.store", equalTo(store));
    }

    /**
     * The service at {@code url} ({@link #PATH} of the application under test, or the full URL of a replica's) is not
     * ready, and its order store check is what is DOWN.
     */
    public static void assertOrderStoreDown(String url) {
        given().get(url).then().statusCode(503).body(ORDER_STORE_CHECK + ".status", equalTo("DOWN"));
    }
}
