package com.example.orderservice.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

import com.example.orderservice.kubernetes.Manifests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The rules that ship: the groups of the PrometheusRule {@code order-service-alerts} in the generated manifests (with
 * the Maven placeholders filled in), as the plain rules file that Prometheus and promtool read.
 */
final class RuleFiles {

    static final String RULE_NAME = "order-service-alerts";
    static final String FILE_NAME = "order-service-alerts.rules.yml";
    /** The promtool unit tests, kept beside the rules' source; Quarkus merges only kubernetes.yml from there. */
    static final Path UNIT_TESTS = Path.of("src", "main", "kubernetes", "order-service-alerts.test.yml");

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RuleFiles() {
    }

    static JsonNode prometheusRule() {
        return Manifests.generated().one("PrometheusRule", RULE_NAME);
    }

    static List<JsonNode> rules() {
        return StreamSupport.stream(prometheusRule().path("spec").path("groups").spliterator(), false)
                .flatMap(group -> StreamSupport.stream(group.path("rules").spliterator(), false))
                .toList();
    }

    static List<JsonNode> alerts() {
        return rules().stream().filter(rule -> rule.has("alert")).toList();
    }

    /** Writes {@code groups: [...]} of the shipped PrometheusRule to {@link #FILE_NAME} in the directory. */
    static Path write(Path directory) {
        ObjectNode file = YAML.createObjectNode();
        file.set("groups", prometheusRule().path("spec").path("groups"));
        Path path = directory.resolve(FILE_NAME);
        try {
            YAML.writeValue(path.toFile(), file);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readYaml(Path path) {
        try {
            return YAML.readTree(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
