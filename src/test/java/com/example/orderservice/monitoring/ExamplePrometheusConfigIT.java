package com.example.orderservice.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.orderservice.ExternalProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The example {@code deploy/prometheus/prometheus.yml} for a Prometheus without the Prometheus Operator: pods found
 * through their prometheus.io/* annotations, and the plain rule files of {@code src/main/monitoring/} beside it.
 * <p>
 * Debian's Prometheus is built without Kubernetes service discovery ({@code promtool check config} answers "field
 * kubernetes_sd_configs not found"), so the test swaps the one {@code kubernetes_sd_configs} for a file listing pods
 * with exactly the {@code __meta_kubernetes_pod_*} labels Kubernetes discovery gives them. Everything else of the file,
 * the relabel rules above all, is then checked by promtool and run by a real Prometheus.
 */
class ExamplePrometheusConfigIT {

    static final Path EXAMPLE = Path.of("deploy", "prometheus", "prometheus.yml");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void discoversPodsByRole() {
        JsonNode scrape = onlyScrapeConfig(RuleFiles.readYaml(EXAMPLE));
        assertEquals("pod", scrape.path("kubernetes_sd_configs").get(0).path("role").asText());
    }

    @Test
    void promtoolAcceptsItAndPrometheusScrapesAnnotatedPodsAsJobOrderService() throws IOException {
        // The annotated "pod" is the Prometheus itself: it serves /metrics, so the scrape can really succeed.
        int port = ExternalProcess.freePort();
        Path config = withPodsFromFile(port);
        ExternalProcess.Result check = ExternalProcess.run(dir, "promtool", "check", "config", config.toString());
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("SUCCESS: " + RuleFiles.PLAIN.size() + " rule files found"), check.output());

        try (PrometheusServer prometheus = PrometheusServer.start(config, port)) {
            JsonNode targets = prometheus.await("the annotated pod to be scraped", Duration.ofSeconds(60),
                    prometheus::targets,
                    t -> t.path("activeTargets").size() == 1
                            && "up".equals(t.path("activeTargets").get(0).path("health").asText()));
            JsonNode target = targets.path("activeTargets").get(0);
            assertEquals("http://127.0.0.1:" + port + "/metrics", target.path("scrapeUrl").asText());
            JsonNode labels = target.path("labels");
            assertEquals("order-service", labels.path("job").asText(), "the alerts select job=\"order-service\"");
            assertEquals("shop", labels.path("namespace").asText());
            assertEquals("order-service-7d9f-abcde", labels.path("pod").asText());
            assertEquals(Set.of("instance", "job", "namespace", "pod"), fieldNames(labels),
                    "no pod labels: a version label would start new series at every release");

            assertEquals(1, targets.path("droppedTargets").size(), "the pod without prometheus.io/scrape is dropped");
            assertTrue(targets.path("droppedTargets").get(0).path("discoveredLabels").path("__address__").asText()
                    .startsWith("127.0.0.2"));
        }
    }

    /** The example beside the plain rule files it names, with the pods listed in a file. */
    private Path withPodsFromFile(int annotatedPort) throws IOException {
        for (Path rules : RuleFiles.PLAIN) {
            Files.copy(rules, dir.resolve(rules.getFileName()));
        }
        ObjectNode example = (ObjectNode) RuleFiles.readYaml(EXAMPLE);
        ((ObjectNode) example.path("global")).put("scrape_interval", "1s");
        ObjectNode scrape = (ObjectNode) onlyScrapeConfig(example);
        scrape.remove("kubernetes_sd_configs");
        scrape.putArray("file_sd_configs").addObject().putArray("files").add("pods.json");

        Files.writeString(dir.resolve("pods.json"), JSON.writeValueAsString(List.of(
                pod("order-service-7d9f-abcde", "127.0.0.1:8080", Map.of(
                        "__meta_kubernetes_pod_annotation_prometheus_io_scrape", "true",
                        "__meta_kubernetes_pod_annotation_prometheus_io_port", Integer.toString(annotatedPort),
                        "__meta_kubernetes_pod_annotation_prometheus_io_path", "/metrics",
                        "__meta_kubernetes_pod_annotation_prometheus_io_scheme", "http",
                        "__meta_kubernetes_pod_label_app_kubernetes_io_name", "order-service",
                        "__meta_kubernetes_pod_label_app_kubernetes_io_version", "1.0.0-SNAPSHOT")),
                pod("unannotated-5c4b-fghij", "127.0.0.2:9090", Map.of(
                        "__meta_kubernetes_pod_label_app_kubernetes_io_name", "unannotated")))));
        Path config = dir.resolve("prometheus.yml");
        RuleFiles.YAML.writeValue(config.toFile(), example);
        return config;
    }

    private static Map<String, Object> pod(String name, String address, Map<String, String> meta) {
        Map<String, String> labels = new HashMap<>(meta);
        labels.put("__meta_kubernetes_namespace", "shop");
        labels.put("__meta_kubernetes_pod_name", name);
        return Map.of("targets", List.of(address), "labels", labels);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode onlyScrapeConfig(JsonNode config) {
        List<JsonNode> scrapes = StreamSupport.stream(config.path("scrape_configs").spliterator(), false).toList();
        assertEquals(1, scrapes.size());
        return scrapes.get(0);
    }
}
