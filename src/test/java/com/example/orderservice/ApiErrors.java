package com.example.orderservice;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;

import org.hamcrest.Matcher;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.response.ValidatableResponse;

/**
 * What every error answer of the service must be, whichever client received it: JSON, its status in the body, a
 * message for people, and nothing of the server's internals.
 */
public final class ApiErrors {

    private static final String CONTENT_TYPE = "application/json";
    /** What only a stack trace or a Java name would put into a body. */
    private static final List<String> INTERNALS = List.of("Exception", "\tat ", "com.example", "jakarta.");

    private ApiErrors() {
    }

    /** For answers RestAssured received; returns the response for further checks of the body. */
    public static ValidatableResponse assertError(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType(startsWith(CONTENT_TYPE))
                .body("status", equalTo(status))
                .body("message", notNullValue())
                .body(allOf(INTERNALS.stream().<Matcher<? super String>> map(internal -> not(containsString(internal)))
                        .toList()));
    }

    /** For answers the JDK's client received; returns the parsed body for further checks. */
    public static JsonNode assertError(HttpResponse<String> response, int status) {
        return assertError(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), status);
    }

    /** For answers read off a socket: the status, the Content-Type header and the body as received. */
    public static JsonNode assertError(int actualStatus, String contentType, String body, int status) {
        assertEquals(status, actualStatus, body);
        assertTrue(contentType.startsWith(CONTENT_TYPE), "Content-Type " + contentType + ": " + body);
        JsonNode json = RawHttp.json(body);
        assertEquals(status, json.path("status").asInt(), body);
        assertFalse(json.path("message").asText().isBlank(), body);
        for (String internal : INTERNALS) {
            assertFalse(body.contains(internal), body);
        }
        return json;
    }
}
