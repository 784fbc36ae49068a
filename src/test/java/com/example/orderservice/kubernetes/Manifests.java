package com.example.orderservice.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The documents of {@code target/kubernetes/kubernetes.yml}, as written by {@code ./mvnw package}. */
public final class Manifests {

    public static final Path GENERATED = Path.of("target", "kubernetes", "kubernetes.yml");
    /** The prometheus-adapter values that define the custom metric the HorizontalPodAutoscaler scales on. */
    public static final Path PROMETHEUS_ADAPTER = Path.of("deploy", "prometheus-adapter", "values.yaml");

    private final List<JsonNode> documents;

    private Manifests(List<JsonNode> documents) {
        this.documents = documents;
    }

    public static Manifests generated() {
        return read(GENERATED);
    }

    public static Manifests read(Path file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (var parser = yaml.getFactory().createParser(Files.readString(file))) {
            List<JsonNode> documents = new ArrayList<>();
            yaml.readValues(parser, JsonNode.class).forEachRemaining(node -> {
                if (node != null && !node.isNull()) {
                    documents.add(node);
                }
            });
            return new Manifests(documents);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + "; run ./mvnw package first", e);
        }
    }

    /** The one custom-metrics rule of {@link #PROMETHEUS_ADAPTER}. */
    public static JsonNode prometheusAdapterRule() {
        try {
            JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(PROMETHEUS_ADAPTER.toFile())
                    .path("rules").path("custom");
            if (rules.size() != 1) {
                throw new AssertionError("Expected one rule in " + PROMETHEUS_ADAPTER + ", found " + rules);
            }
            return rules.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + PROMETHEUS_ADAPTER, e);
        }
    }

    public List<JsonNode> all() {
        return documents;
    }

    public List<JsonNode> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    /** The one document of this kind and name; fails when there is none or more than one. */
    public JsonNode one(String kind, String name) {
        List<JsonNode> matches = ofKind(kind).stream()
                .filter(d -> name.equals(d.path("metadata").path("name").asText())).toList();
        if (matches.size() != 1) {
            throw new AssertionError("Expected one " + kind + " named " + name + ", found " + matches.size());
        }
        return matches.get(0);
    }
}
