package com.example.orderservice.error;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.orderservice.ApiErrors;
import com.example.orderservice.RawHttp;
import com.example.orderservice.TestOrders;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Every error is an RFC 9457 problem details object (docs/api.md#errors): what each one must be is checked by
 * {@link ApiErrors} in every test that gets one; this class checks what the shared assertion cannot know: that a 400
 * names every bad field of a body at once, in one wording per mistake, and that {@code instance} is the path the
 * request was sent to, in Quarkus REST and in the Vert.x handlers before it.
 */
@QuarkusTest
public class ProblemDetailsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "wrong types beside a blank value | {\"customerId\": 42, \"items\": [{\"sku\": \"\", \"quantity\": \"x\"}]}"
                    + " | /customerId must be a string; /items/0/quantity must be an integer; /items/0/sku must not be blank",
            "constraints only | {\"customerId\": \"\", \"items\": [{\"sku\": \"\", \"quantity\": -1}]}"
                    + " | /customerId must not be blank; /items/0/quantity must be greater than or equal to 1;"
                    + " /items/0/sku must not be blank",
            "types, constraints and unknown fields over nested items | {\"customerId\": \"\", \"items\": [{\"sku\": \"a\","
                    + " \"quantity\": 1.5}, {\"sku\": 7, \"quantity\": 0}, null, \"x\"], \"coupon\": true}"
                    + " | /coupon is not a known field; /customerId must not be blank; /items/0/quantity must be an integer;"
                    + " /items/1/quantity must be greater than or equal to 1; /items/1/sku must be a string;"
                    + " /items/2 must not be null; /items/3 must be an object",
            "missing, out of range and unknown inside an item | {\"items\": [{\"sku\": \"a\", \"quantity\": 2147483648,"
                    + " \"price\": 3}]} | /customerId must not be blank; /items/0/price is not a known field;"
                    + " /items/0/quantity is out of range",
            "containers of the wrong type | {\"customerId\": {\"$ne\": null}, \"items\": \"all\"}"
                    + " | /customerId must be a string; /items must be an array",
    })
    void everyBadFieldIsNamedInOneAnswer(String description, String body, String expected) {
        assertEquals(List.of(expected.split("; ")), fieldErrors(body));
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"x\"", "\"5\"", "1.5", "1e2", "true", "[1]", "{}" })
    void aQuantityOfAnyWrongTypeIsWordedTheSameWay(String quantity) {
        assertEquals(List.of("/items/0/quantity must be an integer"),
                fieldErrors("{\"customerId\": \"c\", \"items\": [{\"sku\": \"a\", \"quantity\": " + quantity + "}]}"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "42", "1.5", "true", "[\"c\"]", "{}" })
    void aCustomerIdOfAnyWrongTypeIsWordedTheSameWay(String customerId) {
        assertEquals(List.of("/customerId must be a string"),
                fieldErrors("{\"customerId\": " + customerId + ", \"items\": [{\"sku\": \"a\", \"quantity\": 1}]}"));
    }

    /** The type check knows every field of an order: one wrong type in a valid order is the one field named. */
    @Test
    void aValidOrderWithOneWrongTypeNamesThatFieldAlone() {
        ObjectNode order = (ObjectNode) RawHttp.json(TestOrders.VALID);
        order.put("customerId", 42);
        assertEquals(List.of("/customerId must be a string"), fieldErrors(order.toString()));
    }

    /** A repeated field makes the body ambiguous: it is the one field named, as the parser stops there. */
    @Test
    void aRepeatedFieldIsNamedWhereItIs() {
        assertEquals(List.of("/items/0/sku appears more than once"),
                fieldErrors("{\"customerId\": 1, \"items\": [{\"sku\": \"a\", \"sku\": \"b\", \"quantity\": 1}]}"));
    }

    @Test
    void fieldErrorsHaveTheirOwnTypeAndOtherErrorsTheStatusAlone() {
        ApiErrors.assertError(post("{\"customerId\": \"\", \"items\": []}"), 400)
                .body("type", equalTo(ApiErrors.INVALID_FIELDS))
                .body("title", equalTo("The request has invalid fields"))
                .body("detail", equalTo("2 fields are invalid"));
        ApiErrors.assertError(post("{\"customerId\": "), 400)
                .body("type", equalTo("about:blank")).body("title", equalTo("Bad Request"))
                .body("detail", equalTo("The body is not well-formed JSON"));
        ApiErrors.assertError(given().get("/api/orders/none").then(), 404)
                .body("type", equalTo("about:blank")).body("title", equalTo("Not Found"));
    }

    @Test
    void instanceIsThePathWithoutTheQuery() {
        ApiErrors.assertError(post("{}"), 400).body("instance", equalTo("/api/orders"));
        ApiErrors.assertError(given().get("/api/orders/none?verbose=1").then(), 404)
                .body("instance", equalTo("/api/orders/none"));
        ApiErrors.assertError(given().get("/api/nothing/here").then(), 404)
                .body("instance", equalTo("/api/nothing/here"));
        ApiErrors.assertError(given().delete("/api/orders/some-id").then(), 405)
                .body("instance", equalTo("/api/orders/some-id"));
    }

    /** Answered by a Vert.x handler before Quarkus REST (the body limit): the same problem, the same instance. */
    @Test
    void anErrorBeforeQuarkusRestHasTheSameShape() {
        String tooLarge = "{\"customerId\": \"" + "x".repeat(70 * 1024) + "\", \"items\": []}";
        ApiErrors.assertError(given().contentType("application/json").body(tooLarge).post("/api/orders?x=1").then(), 413)
                .body("instance", equalTo("/api/orders"))
                .body("title", equalTo("Request Entity Too Large"));
    }

    /** Problem details are JSON: a client that accepts only application/json gets them, not a 406 hiding the error. */
    @Test
    void aClientAcceptingOnlyJsonGetsTheProblem() {
        ApiErrors.assertError(given().accept("application/json").get("/api/orders/none").then(), 404);
        ApiErrors.assertError(given().accept("application/json").contentType("application/json")
                .body("{\"customerId\": 1, \"items\": []}").post("/api/orders").then(), 400);
        ApiErrors.assertError(given().accept("text/html").get("/api/orders/none").then(), 406);
        ApiErrors.assertError(given().accept("text/html").contentType("application/json").body(TestOrders.VALID)
                .post("/api/orders").then(), 406);
    }

    private static ValidatableResponse post(String body) {
        return given().contentType("application/json").body(body).post("/api/orders").then();
    }

    /** The {@code errors} of the 400 the body gets, each as "pointer detail", in the order of the answer. */
    private static List<String> fieldErrors(String body) {
        List<Map<String, String>> errors = ApiErrors.assertError(post(body), 400)
                .body("type", equalTo(ApiErrors.INVALID_FIELDS))
                .extract().jsonPath().getList("errors");
        return errors.stream().map(error -> error.get("pointer") + " " + error.get("detail")).toList();
    }
}
