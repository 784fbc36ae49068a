package com.example.orderservice;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

import io.restassured.RestAssured;

/**
 * Raw HTTP to the application under test, for what RestAssured does not do well: many concurrent requests over many
 * connections. Uses the host and port that {@code @QuarkusTest} and {@code @QuarkusIntegrationTest} give RestAssured.
 */
public final class Loopback {

    private Loopback() {
    }

    public static URI uri(String path) {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + path);
    }

    /** HTTP/1.1 only: one request per connection at a time, so concurrent requests really open many connections. */
    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public static HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }
}
