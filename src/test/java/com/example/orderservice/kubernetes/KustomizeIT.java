package com.example.orderservice.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.example.orderservice.ExternalProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The kustomize base that {@code ./mvnw package} writes beside the manifests, the example overlay of
 * {@code deploy/kustomize/example/} and the components, rendered by {@code kubectl kustomize} as a user would.
 */
class KustomizeIT {

    static final String NAME = KubernetesManifestsIT.NAME;
    static final Path EXAMPLE = Path.of("deploy", "kustomize", "example");
    static final Set<String> OPERATOR_KINDS = Set.of("ServiceMonitor", "PrometheusRule", "AlertmanagerConfig");

    /** Components, patches with targets and replicas are kustomize v4: kubectl 1.21 or later. */
    @BeforeAll
    static void kubectlKnowsComponents() {
        ExternalProcess.Result version = ExternalProcess.run(Path.of("").toAbsolutePath(), "kubectl", "version",
                "--client");
        Matcher minor = Pattern.compile("v1\\.(\\d+)\\.").matcher(version.output());
        assertTrue(minor.find() && Integer.parseInt(minor.group(1)) >= 21, "kubectl 1.21 or later is needed, whose "
                + "kustomize knows components (Debian 12's kubernetes-client is 1.20: install kubectl from "
                + "https://pkgs.k8s.io instead); found " + version.output());
    }

    final Manifests base = Manifests.generated();
    final ManifestSchemas schemas = new ManifestSchemas();
    final JsonNode overlay = readYaml(read(EXAMPLE.resolve("kustomization.yaml")));

    @Test
    void theBaseRendersTheManifestsAsTheyAre() {
        assertEquals(byId(base), byId(render(Manifests.GENERATED.getParent(), "base")));
    }

    @Test
    void theExampleOverlaySetsNamespaceImageReplicasAndTheMonitoringStack() {
        Manifests rendered = render(EXAMPLE, "example");
        assertEquals(objects(base), objects(rendered), "the same objects as the base");

        String namespace = overlay.path("namespace").asText();
        rendered.all().forEach(d -> assertEquals(namespace, d.path("metadata").path("namespace").asText(), id(d)));

        JsonNode image = overlay.path("images").get(0);
        JsonNode deployment = rendered.one("Deployment", NAME);
        assertEquals(image.path("newName").asText() + ":" + image.path("newTag").asText(), deployment.path("spec")
                .path("template").path("spec").path("containers").get(0).path("image").asText());

        int replicas = overlay.path("replicas").get(0).path("count").asInt();
        assertNotEquals(base.one("Deployment", NAME).path("spec").path("replicas").asInt(), replicas,
                "the example changes the replicas");
        assertEquals(replicas, deployment.path("spec").path("replicas").asInt());
        assertEquals(replicas, rendered.one("HorizontalPodAutoscaler", NAME).path("spec").path("minReplicas").asInt(),
                "the autoscaler's floor follows the replicas");

        String release = patchValue("/metadata/labels/release");
        assertNotEquals(label(base.one("ServiceMonitor", NAME), "release"), release, "the example changes it");
        rendered.all().stream().filter(d -> OPERATOR_KINDS.contains(d.path("kind").asText()))
                .forEach(d -> assertEquals(release, label(d, "release"), id(d)));

        String monitoring = patchValue("/spec/ingress/1/from/0/namespaceSelector/matchLabels/"
                + "kubernetes.io~1metadata.name");
        assertNotEquals(monitoringNamespace(base), monitoring, "the example changes it");
        assertEquals(monitoring, monitoringNamespace(rendered));
    }

    @Test
    void theWithoutPrometheusOperatorComponentLeavesOutTheOperatorsObjects() {
        Manifests rendered = render(exampleWith("without-prometheus-operator"), "without-prometheus-operator");
        Set<String> expected = objects(base);
        expected.removeIf(object -> OPERATOR_KINDS.stream().anyMatch(kind -> object.startsWith(kind + " ")));
        assertEquals(3, objects(base).size() - expected.size());
        assertEquals(expected, objects(rendered));
    }

    @Test
    void theWithoutAutoscalerComponentLeavesOutTheAutoscaler() {
        Manifests rendered = render(exampleWith("without-autoscaler"), "without-autoscaler");
        Set<String> expected = objects(base);
        assertTrue(expected.remove("HorizontalPodAutoscaler " + NAME));
        assertEquals(expected, objects(rendered));
        assertEquals(overlay.path("replicas").get(0).path("count").asInt(),
                rendered.one("Deployment", NAME).path("spec").path("replicas").asInt());
    }

    /** What kustomize writes, as a cluster validates it, and as YAML 1.1 parsers read it. */
    @Test
    void everyRenderingIsValidAndReadAlikeByEveryYamlParser() {
        for (String variant : List.of("example", "without-prometheus-operator", "without-autoscaler")) {
            Path directory = "example".equals(variant) ? EXAMPLE : exampleWith(variant);
            Manifests rendered = render(directory, variant);
            for (JsonNode document : rendered.all()) {
                assertEquals(Set.of(), schemas.violations(document), variant + ": " + id(document));
            }
            JsonNode java = new ObjectMapper().valueToTree(rendered.all());
            assertNull(PyYaml.firstDifference("", java, PyYaml.safeLoadAll(output(variant))),
                    variant + ": PyYAML reads the rendering otherwise");
        }
    }

    /**
     * The example overlay with the line of one component uncommented, as docs/kubernetes.md says to leave objects
     * out; at the example's depth below the project, so that its relative paths hold.
     */
    private static Path exampleWith(String component) {
        try {
            String text = read(EXAMPLE.resolve("kustomization.yaml"));
            String line = "#   - ../../../target/kubernetes/components/" + component + "\n";
            assertTrue(text.contains("# components:\n") && text.contains(line), "the example lists " + component);
            Path directory = Path.of("target", "kustomize", component);
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("kustomization.yaml"), text.replace("# components:\n", "components:\n")
                    .replace(line, line.substring(1)));
            return directory;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Manifests render(Path directory, String variant) {
        Path output = output(variant);
        ExternalProcess.Result result = ExternalProcess.run(Path.of("").toAbsolutePath(), "kubectl", "kustomize",
                directory.toString(), "-o", output.toString());
        assertEquals(0, result.exitCode(), "kubectl kustomize " + directory + ":\n" + result.output());
        return Manifests.read(output);
    }

    private static Path output(String variant) {
        Path directory = Path.of("target", "kustomize");
        try {
            // The first rendering of a fresh build may come before any component's directory was made.
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return directory.resolve(variant + ".rendered.yml");
    }

    /** The value of the example's JSON patch operation on this path. */
    private String patchValue(String path) {
        return StreamSupport.stream(overlay.path("patches").spliterator(), false)
                .flatMap(p -> StreamSupport.stream(readYaml(p.path("patch").asText()).spliterator(), false))
                .filter(op -> path.equals(op.path("path").asText()))
                .map(op -> op.path("value").asText())
                .findFirst().orElseThrow(() -> new AssertionError("the example patches no " + path));
    }

    private static String monitoringNamespace(Manifests manifests) {
        return manifests.one("NetworkPolicy", NAME).path("spec").path("ingress").get(1).path("from").get(0)
                .path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText();
    }

    private static String label(JsonNode document, String name) {
        return document.path("metadata").path("labels").path(name).asText();
    }

    private static Map<String, JsonNode> byId(Manifests manifests) {
        Map<String, JsonNode> objects = new TreeMap<>();
        manifests.all().forEach(d -> objects.put(id(d), d));
        return objects;
    }

    private static Set<String> objects(Manifests manifests) {
        Set<String> objects = new TreeSet<>();
        manifests.all().forEach(d -> objects.add(id(d)));
        return objects;
    }

    private static String id(JsonNode document) {
        return document.path("kind").asText() + " " + document.path("metadata").path("name").asText();
    }

    private static JsonNode readYaml(String text) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
