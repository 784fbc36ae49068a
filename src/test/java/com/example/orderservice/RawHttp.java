package com.example.orderservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;

/**
 * Raw HTTP to the application under test, for what RestAssured does not do well: many concurrent requests over many
 * connections. Uses the host and port that {@code @QuarkusTest} and {@code @QuarkusIntegrationTest} give RestAssured.
 */
public final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = client();

    private RawHttp() {
    }

    /** Parses an answer; Jackson rather than RestAssured's JsonPath, which is too slow for thousands of answers. */
    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    public static URI uri(String path) {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + path);
    }

    /** HTTP/1.1 only: one request per connection at a time, so concurrent requests really open many connections. */
    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Sends the request with a client of {@link #client()}'s; no answer (an I/O error) fails the test. */
    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("no answer to " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public static HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /**
     * Sends every request with at most {@code concurrency} in flight (so as many connections), and returns the
     * answers in the order of the requests.
     */
    public static List<HttpResponse<String>> sendAll(HttpClient client, List<HttpRequest> requests, int concurrency) {
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>(requests.size());
        for (HttpRequest request : requests) {
            slots.acquireUninterruptibly();
            answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> slots.release()));
        }
        return answers.stream().map(CompletableFuture::join).toList();
    }
}
