package com.example.orderservice.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.example.orderservice.ExternalProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Alertmanager (Debian package {@code prometheus-alertmanager}) on 127.0.0.1, on a free port, alone (cluster
 * mode off), with its storage and log in the configuration's directory; stopped by {@link #close()}.
 */
final class AlertmanagerServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExternalProcess process;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AlertmanagerServer(ExternalProcess process, URI base) {
        this.process = process;
        this.base = base;
    }

    static AlertmanagerServer start(Path config) {
        Path directory = config.getParent();
        int port = ExternalProcess.freePort();
        URI base = URI.create("http://127.0.0.1:" + port);
        ProcessBuilder command = new ProcessBuilder("prometheus-alertmanager",
                "--config.file=" + config,
                "--storage.path=" + directory.resolve("alertmanager-data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=debug").directory(directory.toFile());
        return new AlertmanagerServer(ExternalProcess.start("alertmanager", directory.resolve("alertmanager.log"),
                command).awaitHttp200(Duration.ofSeconds(60), base.resolve("/-/ready")), base);
    }

    /** The alerts Alertmanager holds, each with the receivers it routes to and its state (active, suppressed). */
    JsonNode alerts() {
        return json(send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts")).build()).body());
    }

    /** Posts alerts as Prometheus does ({@code /api/v2/alerts}, a JSON array). */
    void post(String alertsJson) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alertsJson)).build());
        if (response.statusCode() != 200) {
            throw new AssertionError("Alertmanager refused the alerts: " + response.statusCode() + " "
                    + response.body());
        }
    }

    URI base() {
        return base;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(HttpRequest.newBuilder(request, (name, value) -> true)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String logText() {
        return process.logText();
    }

    @Override
    public void close() {
        process.close();
    }
}
