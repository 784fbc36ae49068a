package com.example.orderservice.monitoring;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.example.orderservice.RawHttp;
import com.example.orderservice.ExternalProcess;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real Alertmanager (Debian package {@code prometheus-alertmanager}) on 127.0.0.1, on a free port, alone (cluster
 * mode off), with its storage and log in the configuration's directory; stopped by {@link #close()}.
 */
record AlertmanagerServer(ExternalProcess process, URI base) implements AutoCloseable {

    static AlertmanagerServer start(Path config) {
        int port = ExternalProcess.freePort();
        return new AlertmanagerServer(PrometheusServer.startReady("prometheus-alertmanager", "alertmanager", config,
                port, "--storage.path=" + config.resolveSibling("alertmanager-data"), "--cluster.listen-address=",
                "--log.level=debug"), PrometheusServer.loopback(port));
    }

    /** The alerts Alertmanager holds, each with the receivers it routes to and its state (active, suppressed). */
    JsonNode alerts() {
        return RawHttp.json(send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts")).build()).body());
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

    private static HttpResponse<String> send(HttpRequest request) {
        return RawHttp.send(HttpRequest.newBuilder(request, (name, value) -> true).timeout(Duration.ofSeconds(30))
                .build());
    }

    String logText() {
        return process.logText();
    }

    @Override
    public void close() {
        process.close();
    }
}
