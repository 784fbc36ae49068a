package com.example.orderservice.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Prometheus on 127.0.0.1, on a free port, with its storage in a temporary directory; stopped by
 * {@link #close()}. Its log is kept in the directory and shown when it does not start.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /** Starts Prometheus with this configuration file (its relative rule_files are resolved from its directory). */
    static PrometheusServer start(Path config) {
        return start(config, freePort());
    }

    static PrometheusServer start(Path config, int port) {
        Path directory = config.getParent();
        Path log = directory.resolve("prometheus.log");
        ProcessBuilder builder = Tool.command(directory, "prometheus",
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + directory.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectOutput(log.toFile());
        PrometheusServer server = new PrometheusServer(Tool.start(builder), log, URI.create("http://127.0.0.1:" + port));
        try {
            server.awaitReady();
            return server;
        } catch (RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
    }

    int port() {
        return base.getPort();
    }

    /** An instant query at the given time (seconds since the epoch); fails unless Prometheus answers "success". */
    JsonNode query(String promql, double time) {
        JsonNode answer = queryAnswer(promql, time);
        if (!"success".equals(answer.path("status").asText())) {
            throw new AssertionError("Prometheus refused " + promql + ": " + answer);
        }
        return answer.path("data").path("result");
    }

    JsonNode query(String promql) {
        return query(promql, Instant.now().toEpochMilli() / 1000.0);
    }

    /** The raw answer of {@code /api/v1/query}, whatever its status. */
    JsonNode queryAnswer(String promql, double time) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time=" + time);
    }

    JsonNode alerts() {
        return get("/api/v1/alerts").path("data").path("alerts");
    }

    JsonNode targets() {
        return get("/api/v1/targets").path("data");
    }

    /** Polls (every 250 ms, up to the timeout) until the query's result satisfies the condition; returns it. */
    JsonNode await(String what, Duration timeout, Supplier<JsonNode> poll, Predicate<JsonNode> until) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = poll.get();
            if (until.test(last)) {
                return last;
            }
            sleep(250);
        }
        throw new AssertionError("Timed out after " + timeout.toSeconds() + "s waiting for " + what + "; last: " + last);
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("Prometheus exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            sleep(200);
        }
        throw new AssertionError("Prometheus not ready within " + START_TIMEOUT.toSeconds() + "s:\n" + logText());
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + pathAndQuery + " failed; Prometheus log:\n" + logText(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
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

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
