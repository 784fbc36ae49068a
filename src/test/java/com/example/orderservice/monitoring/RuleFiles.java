package com.example.orderservice.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.example.orderservice.kubernetes.Manifests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The rules: the plain rule files in {@code src/main/monitoring/} that promtool and Prometheus read as they are, and
 * the PrometheusRule {@code order-service-alerts} that {@code ./mvnw package} makes of them in the generated manifests.
 */
final class RuleFiles {

    static final String RULE_NAME = "order-service-alerts";
    static final Path DIRECTORY = Path.of("src", "main", "monitoring");
    /** The hand-written alerts and recording rules, and the SLO ratios {@link SloRatioRules} writes. */
    static final List<Path> PLAIN = List.of(DIRECTORY.resolve("order-service-alerts.rules.yml"), SloRatioRules.FILE);
    /** The promtool unit tests of the plain files, which they name relative to this file's folder. */
    static final Path UNIT_TESTS = DIRECTORY.resolve("order-service-alerts.test.yml");
    /** The file {@link #write} puts the PrometheusRule's groups in. */
    static final String SHIPPED_FILE_NAME = "order-service-alerts.shipped.rules.yml";

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RuleFiles() {
    }

    /** The groups of the plain files, in the order of {@link #PLAIN}. */
    static List<JsonNode> plainGroups() {
        return PLAIN.stream().flatMap(file -> elements(readYaml(file).path("groups"))).toList();
    }

    /** The groups of the PrometheusRule in the generated manifests. */
    static List<JsonNode> shippedGroups() {
        return elements(Manifests.generated().one("PrometheusRule", RULE_NAME).path("spec").path("groups")).toList();
    }

    static List<JsonNode> alerts() {
        return plainGroups().stream().flatMap(group -> elements(group.path("rules")))
                .filter(rule -> rule.has("alert")).toList();
    }

    /** Writes {@code groups: [...]} of the shipped PrometheusRule to {@link #SHIPPED_FILE_NAME} in the directory. */
    static Path write(Path directory) {
        ObjectNode file = YAML.createObjectNode();
        file.putArray("groups").addAll(shippedGroups());
        Path path = directory.resolve(SHIPPED_FILE_NAME);
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

    private static Stream<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }
}
