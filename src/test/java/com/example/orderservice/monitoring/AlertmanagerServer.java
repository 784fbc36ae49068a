package com.example.orderservice.monitoring;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Alertmanager (Debian package {@code prometheus-alertmanager}) on 127.0.0.1, on a free port, alone (cluster
 * mode off), with its storage and log in the configuration's directory; stopped by {@link #close()}.
 */
final class AlertmanagerServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AlertmanagerServer(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    static AlertmanagerServer start(Path config) {
        Path directory = config.getParent();
        Path log = directory.resolve("alertmanager.log");
        int port = PrometheusServer.freePort();
        ProcessBuilder builder = Tool.command(directory, "prometheus-alertmanager",
                        "--config.file=" + config,
                        "--storage.path=" + directory.resolve("alertmanager-data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=",
                        "--log.level=debug")
                .redirectOutput(log.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("Cannot run prometheus-alertmanager: install the Debian package "
                    + "'prometheus-alertmanager' (./run-tests does), or put it on the PATH", e);
        }
        AlertmanagerServer server = new AlertmanagerServer(process, log, URI.create("http://127.0.0.1:" + port));
        try {
            await("Alertmanager ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(server::ready);
            return server;
        } catch (RuntimeException | AssertionError e) {
            server.close();
            throw new AssertionError("Alertmanager did not start:\n" + server.logText(), e);
        }
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new AssertionError("Alertmanager exited with " + process.exitValue());
        }
        try {
            return send(HttpRequest.newBuilder(base.resolve("/-/ready")).build()).statusCode() == 200;
        } catch (UncheckedIOException notYet) {
            return false;
        }
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
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
