package com.example.orderservice.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.awaitility.Awaitility;

import com.example.orderservice.RawHttp;
import com.example.orderservice.ExternalProcess;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real Prometheus on 127.0.0.1, on a free port, with its storage in a temporary directory; stopped by
 * {@link #close()}. Its log is kept in the directory and shown when it does not start.
 */
record PrometheusServer(ExternalProcess process, URI base) implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Writes {@code prometheus.yml} beside the rule file: the service on 127.0.0.1 at {@code servicePort} scraped as
     * {@code job="order-service"} with these target labels, the rules evaluated, both every second; alerts go to the
     * Alertmanager at {@code alertmanagerPort}, none for 0.
     */
    static Path writeConfig(Path rules, int servicePort, int alertmanagerPort, Map<String, String> labels) {
        StringBuilder yaml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                """.formatted(rules.getFileName()));
        if (alertmanagerPort > 0) {
            yaml.append("""
                    alerting:
                      alertmanagers:
                        - static_configs:
                            - targets: ["127.0.0.1:%d"]
                    """.formatted(alertmanagerPort));
        }
        yaml.append("""
                scrape_configs:
                  - job_name: order-service
                    metrics_path: /metrics
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(servicePort));
        if (!labels.isEmpty()) {
            yaml.append("        labels:\n");
            labels.forEach((name, value) -> yaml.append("          " + name + ": " + value + "\n"));
        }
        Path config = rules.resolveSibling("prometheus.yml");
        try {
            Files.writeString(config, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    /** Starts Prometheus with this configuration file (its relative rule_files are resolved from its directory). */
    static PrometheusServer start(Path config) {
        return start(config, ExternalProcess.freePort());
    }

    static PrometheusServer start(Path config, int port) {
        return new PrometheusServer(startReady("prometheus", "prometheus", config, port,
                "--storage.tsdb.path=" + config.resolveSibling("data"),
                // Keeps the exemplars of OpenMetrics scrapes, as an operator switches it on to link panels to traces.
                "--enable-feature=exemplar-storage"), loopback(port));
    }

    /**
     * Starts a program of the Prometheus project ({@code prometheus}, {@code prometheus-alertmanager}) with this
     * configuration file, on 127.0.0.1 at {@code port}, with these other flags; its working directory and its log
     * ({@code NAME.log}) are the configuration's directory. Returns once {@code /-/ready} answers 200.
     */
    static ExternalProcess startReady(String program, String name, Path config, int port, String... flags) {
        List<String> command = new ArrayList<>(List.of(program, "--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + port));
        command.addAll(List.of(flags));
        Path directory = config.getParent();
        return ExternalProcess.start(name, directory.resolve(name + ".log"),
                new ProcessBuilder(command).directory(directory.toFile()))
                .awaitHttp200(START_TIMEOUT, loopback(port).resolve("/-/ready"));
    }

    static URI loopback(int port) {
        return URI.create("http://127.0.0.1:" + port);
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

    /** The exemplars of the series the query selects, over the last hour: {@code /api/v1/query_exemplars}. */
    JsonNode exemplars(String promql) {
        double now = Instant.now().toEpochMilli() / 1000.0;
        JsonNode answer = get("/api/v1/query_exemplars?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + (now - 3600) + "&end=" + now);
        if (!"success".equals(answer.path("status").asText())) {
            throw new AssertionError("Prometheus refused the exemplar query " + promql + ": " + answer);
        }
        return answer.path("data");
    }

    JsonNode alerts() {
        return get("/api/v1/alerts").path("data").path("alerts");
    }

    JsonNode targets() {
        return get("/api/v1/targets").path("data");
    }

    /** Polls (every 250 ms, up to the timeout) until the query's result satisfies the condition; returns it. */
    JsonNode await(String what, Duration timeout, Supplier<JsonNode> poll, Predicate<JsonNode> until) {
        return Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                .until(poll::get, until);
    }

    private JsonNode get(String pathAndQuery) {
        try {
            return RawHttp.json(RawHttp.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                    .timeout(Duration.ofSeconds(30)).build()).body());
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("GET " + pathAndQuery + " failed; Prometheus log:\n" + process.logText(),
                    e.getCause());
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
