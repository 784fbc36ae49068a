package com.example.orderservice.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The schemas a cluster validates our manifests with, committed under {@code src/test/resources/schemas/} (see the
 * README there for their sources and versions): Kubernetes' own kinds as JSON schemas, the Prometheus Operator's
 * kinds as the {@code openAPIV3Schema} of their CRDs.
 * <p>
 * Strict like {@code kubectl apply} (its default field validation, "Strict", refuses unknown fields): every object
 * schema that lists its properties, and allows no others explicitly, gets {@code additionalProperties: false}. So a
 * misspelled field fails here as it would fail there, instead of being silently dropped.
 */
public final class ManifestSchemas {

    private static final String KUBERNETES = "/schemas/kubernetes/";
    private static final List<String> CRDS = List.of(
            "/schemas/prometheus-operator/monitoring.coreos.com_servicemonitors.yaml",
            "/schemas/prometheus-operator/monitoring.coreos.com_prometheusrules.yaml",
            "/schemas/prometheus-operator/monitoring.coreos.com_alertmanagerconfigs.yaml");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    /** Kubernetes' schema extensions: hints for server-side apply and the API server, nothing a validator checks. */
    private static final JsonMetaSchema KUBERNETES_DRAFT_7 = JsonMetaSchema.builder(JsonMetaSchema.getV7())
            .keywords(Stream.of("map-type", "int-or-string", "list-type", "list-map-keys",
                            "preserve-unknown-fields", "embedded-resource")
                    .map(name -> new NonValidationKeyword("x-kubernetes-" + name)).toList())
            .build();

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7,
            builder -> builder.metaSchema(KUBERNETES_DRAFT_7));
    private final Map<String, JsonSchema> crdSchemas = new HashMap<>();
    private final Map<String, JsonSchema> kubernetesSchemas = new HashMap<>();

    public ManifestSchemas() {
        for (String crd : CRDS) {
            JsonNode spec = read(crd).path("spec");
            for (JsonNode version : spec.path("versions")) {
                String apiVersion = spec.path("group").asText() + "/" + version.path("name").asText();
                JsonNode schema = strict(version.path("schema").path("openAPIV3Schema").deepCopy());
                crdSchemas.put(key(apiVersion, spec.path("names").path("kind").asText()), factory.getSchema(schema));
            }
        }
    }

    /** The violations of one manifest document; empty when it is valid. Fails when no schema covers its kind. */
    public Set<String> violations(JsonNode document) {
        return schemaOf(document).validate(document).stream().map(ValidationMessage::getMessage)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private JsonSchema schemaOf(JsonNode document) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        JsonSchema crd = crdSchemas.get(key(apiVersion, kind));
        if (crd != null) {
            return crd;
        }
        // kubeconform's file names: deployment-apps-v1.json, service-v1.json, networkpolicy-networking-v1.json (the
        // group's first name only)
        String file = KUBERNETES + (kind + "-" + apiVersion.replaceFirst("\\..*/", "/").replace('/', '-'))
                .toLowerCase() + ".json";
        return kubernetesSchemas.computeIfAbsent(file, f -> {
            if (ManifestSchemas.class.getResource(f) == null) {
                throw new AssertionError("No schema for " + apiVersion + " " + kind + " (" + f
                        + "): add it to src/test/resources/schemas/ before generating this kind");
            }
            return factory.getSchema(strict(read(f)));
        });
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    private JsonNode read(String resource) {
        try (InputStream in = ManifestSchemas.class.getResourceAsStream(resource)) {
            return yaml.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    /** Adds {@code additionalProperties: false} wherever a schema lists properties and says nothing of others. */
    static JsonNode strict(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            boolean preservesUnknown = object.path("x-kubernetes-preserve-unknown-fields").asBoolean();
            if (object.has("properties") && !object.has("additionalProperties") && !preservesUnknown) {
                object.put("additionalProperties", false);
            }
        }
        for (Iterator<JsonNode> children = schema.elements(); children.hasNext(); ) {
            strict(children.next());
        }
        return schema;
    }
}
