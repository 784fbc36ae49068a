package com.example.orderservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/**
 * What every error answer of the service must be, whichever client received it: an RFC 9457 problem details object
 * ({@code application/problem+json}) with its {@code type}, {@code title}, {@code status}, a {@code detail} for
 * people and the {@code instance} it happened at; field errors only under the type that defines them; and nothing of
 * the server's internals.
 */
public final class ApiErrors {

    public static final String CONTENT_TYPE = "application/problem+json";
    /** The type of a 400 that names its bad fields in {@code errors}; every other problem is {@code about:blank}. */
    public static final String INVALID_FIELDS =
            "https://github.com/example/order-service/blob/main/docs/api.md#invalid-fields";
    /** What only a stack trace or a Java name would put into a body. */
    private static final List<String> INTERNALS = List.of("Exception", "\tat ", "com.example", "jakarta.");

    private ApiErrors() {
    }

    /** For answers RestAssured received; returns the response for further checks of the body. */
    public static ValidatableResponse assertError(ValidatableResponse response, int status) {
        ExtractableResponse<Response> received = response.extract();
        assertError(received.statusCode(), received.contentType(), received.asString(), status);
        return response;
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
        for (String member : List.of("type", "title", "detail", "instance")) {
            assertFalse(json.path(member).asText().isBlank(), member + " in " + body);
        }
        if (json.path("type").asText().equals(INVALID_FIELDS)) {
            assertEquals(400, status, body);
            assertFalse(json.path("errors").isEmpty(), body);
            json.path("errors").forEach(error -> {
                assertTrue(error.path("pointer").asText().startsWith("/"), body);
                assertFalse(error.path("detail").asText().isBlank(), body);
            });
        } else {
            assertEquals("about:blank", json.path("type").asText(), body);
            assertTrue(json.path("errors").isMissingNode(), body);
        }
        for (String internal : INTERNALS) {
            assertFalse(body.contains(internal), body);
        }
        return json;
    }
}
