package com.example.orderservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.example.orderservice.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The OpenAPI document the service serves at {@code /q/openapi}, and the check that an answer is one it documents:
 * its status is listed for the operation, its content type is the documented one, its body validates against the
 * documented schema (OpenAPI 3.1 schemas are JSON Schema 2020-12), and the documented required headers are there.
 */
public final class OpenApiDocument {

    static final String PATH = "/q/openapi";

    private final JsonNode document;
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private OpenApiDocument(JsonNode document) {
        this.document = document;
    }

    public static OpenApiDocument fetch() {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(RawHttp.uri(PATH)).header("Accept", "application/json"));
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode document = RawHttp.json(answer.body());
        assertTrue(document.path("openapi").asText().startsWith("3.1."), "OpenAPI version: " + document.path("openapi"));
        return new OpenApiDocument(document);
    }

    /** Each documented path with its methods, upper case. */
    Map<String, Set<String>> operations() {
        Map<String, Set<String>> operations = new TreeMap<>();
        document.path("paths").properties().forEach(path -> {
            Set<String> methods = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(name -> {
                if (!name.equals("parameters") && !name.equals("summary") && !name.equals("description")) {
                    methods.add(name.toUpperCase(Locale.ROOT));
                }
            });
            operations.put(path.getKey(), methods);
        });
        return operations;
    }

    /** The statuses documented for one operation. */
    Set<Integer> statuses(String path, String method) {
        Set<Integer> statuses = new TreeSet<>();
        operation(path, method).path("responses").fieldNames()
                .forEachRemaining(status -> statuses.add(Integer.parseInt(status)));
        return statuses;
    }

    /** A response object of {@code components/responses}. */
    JsonNode response(String name) {
        JsonNode response = document.path("components").path("responses").path(name);
        assertTrue(response.isObject(), "no response " + name + " in components/responses");
        return response;
    }

    /** Fails unless the answer is what the document says {@code method path} answers with its status. */
    void assertDocuments(String path, String method, HttpResponse<String> answer) {
        JsonNode response = documented(path, method, answer.statusCode(), answer.body());
        String what = method + " " + path + " " + answer.statusCode();
        assertMatches(response, what, answer);
    }

    /** The same for an answer read off a socket, whose headers are not checked. */
    public void assertDocuments(String path, String method, int status, String contentType, String body) {
        JsonNode response = documented(path, method, status, body);
        assertContent(response, method + " " + path + " " + status, contentType, body);
    }

    /** Fails unless the answer has the headers, content type and body of this response object. */
    void assertMatches(JsonNode response, String what, HttpResponse<String> answer) {
        response.path("headers").properties().forEach(header -> {
            if (resolve(header.getValue()).path("required").asBoolean()) {
                assertTrue(answer.headers().firstValue(header.getKey()).isPresent(), what + ": no " + header.getKey());
            }
        });
        assertContent(response, what, answer.headers().firstValue("Content-Type").orElse(""), answer.body());
    }

    private JsonNode documented(String path, String method, int status, String body) {
        JsonNode response = operation(path, method).path("responses").path(Integer.toString(status));
        assertTrue(response.isObject(), method + " " + path + " answered " + status + ", which the document does not list: "
                + body);
        return resolve(response);
    }

    private void assertContent(JsonNode response, String what, String contentType, String body) {
        JsonNode content = response.path("content");
        if (content.isMissingNode()) {
            assertEquals("", body, what + ": a body where the document has none");
            return;
        }
        String mediaType = contentType.split(";")[0].strip();
        JsonNode schema = content.path(mediaType).path("schema");
        assertTrue(schema.isObject(), what + ": Content-Type " + contentType + ", the document has "
                + content.properties().stream().map(Map.Entry::getKey).toList() + ": " + body);
        assertValid(schema, RawHttp.json(body), what);
    }

    private void assertValid(JsonNode schema, JsonNode body, String what) {
        // The schema with the document's components beside it, so that its #/components/... references resolve.
        ObjectNode root = schema.deepCopy();
        root.set("components", document.path("components"));
        Set<ValidationMessage> errors = schemas.getSchema(root).validate(body);
        assertTrue(errors.isEmpty(), what + ": the body does not match the documented schema " + errors + ": " + body);
    }

    private JsonNode operation(String path, String method) {
        JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        assertTrue(operation.isObject(), "the document has no " + method + " " + path);
        return operation;
    }

    /** The object a {@code $ref} of {@code components} points to, or the object itself. */
    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText("");
        return ref.isEmpty() ? node : document.at(ref.substring(1));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return RawHttp.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
