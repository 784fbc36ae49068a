package com.example.orderservice.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every generated manifest against the schemas a cluster checks it with (Kubernetes' kinds and the Prometheus
 * Operator's CRDs), and proof that the check is strict: broken copies of the real manifests must fail.
 */
class ManifestSchemasIT {

    static final String NAME = KubernetesManifestsIT.NAME;
    final Manifests manifests = Manifests.generated();
    final ManifestSchemas schemas = new ManifestSchemas();

    @Test
    void everyGeneratedManifestIsValid() {
        assertTrue(manifests.all().size() >= 4, "the manifests were generated");
        for (JsonNode document : manifests.all()) {
            assertEquals(Set.of(), schemas.violations(document),
                    document.path("kind").asText() + " " + document.path("metadata").path("name").asText());
        }
    }

    @Test
    void aMisspelledDeploymentFieldIsRejected() {
        assertRejected(manifests.one("Deployment", NAME), "readOnlyRootFileSystem", d -> container(d)
                .with("securityContext").put("readOnlyRootFileSystem", true));
    }

    @Test
    void aValueOfTheWrongTypeIsRejected() {
        assertRejected(manifests.one("Deployment", NAME), "replicas", d -> ((ObjectNode) d.path("spec"))
                .put("replicas", "three"));
        assertRejected(manifests.one("Deployment", NAME), "containerPort", d -> ((ObjectNode) container(d)
                .path("ports").get(0)).put("containerPort", "http"));
    }

    @Test
    void aMisspelledServiceFieldIsRejected() {
        assertRejected(manifests.one("Service", NAME), "targetport", d -> ((ObjectNode) d.path("spec").path("ports")
                .get(0)).put("targetport", 8080));
    }

    @Test
    void aMisspelledServiceMonitorFieldIsRejected() {
        assertRejected(manifests.one("ServiceMonitor", NAME), "scrapeInterval", d -> ((ObjectNode) d.path("spec")
                .path("endpoints").get(0)).put("scrapeInterval", "15s"));
    }

    @Test
    void aServiceMonitorWithABadIntervalIsRejected() {
        assertRejected(manifests.one("ServiceMonitor", NAME), "interval", d -> ((ObjectNode) d.path("spec")
                .path("endpoints").get(0)).put("interval", "15 seconds"));
    }

    @Test
    void aMisspelledPrometheusRuleFieldIsRejected() {
        assertRejected(manifests.one("PrometheusRule", "order-service-alerts"), "expresion", d -> {
            ObjectNode rule = (ObjectNode) d.path("spec").path("groups").get(0).path("rules").get(0);
            rule.set("expresion", rule.remove("expr"));
        });
    }

    @Test
    void aMisspelledPodDisruptionBudgetFieldIsRejected() {
        assertRejected(manifests.one("PodDisruptionBudget", NAME), "maxUnavailible", d -> {
            ObjectNode spec = (ObjectNode) d.path("spec");
            spec.set("maxUnavailible", spec.remove("maxUnavailable"));
        });
    }

    @Test
    void aMisspelledNetworkPolicyFieldIsRejected() {
        assertRejected(manifests.one("NetworkPolicy", NAME), "namespaceSelecter", d -> {
            ObjectNode peer = (ObjectNode) d.path("spec").path("ingress").get(1).path("from").get(0);
            peer.set("namespaceSelecter", peer.remove("namespaceSelector"));
        });
    }

    @Test
    void aHorizontalPodAutoscalerWithAWrongTypeIsRejected() {
        assertRejected(manifests.one("HorizontalPodAutoscaler", NAME), "minReplicas", d -> ((ObjectNode) d
                .path("spec")).put("minReplicas", "three"));
    }

    @Test
    void aMisspelledAlertmanagerConfigFieldIsRejected() {
        assertRejected(manifests.one("AlertmanagerConfig", NAME), "sendResolve", d -> ((ObjectNode) d.path("spec")
                .path("receivers").get(0).path("webhookConfigs").get(0)).put("sendResolve", true));
    }

    @Test
    void anAlertmanagerConfigWithABadGroupWaitIsRejected() {
        assertRejected(manifests.one("AlertmanagerConfig", NAME), "groupWait", d -> ((ObjectNode) d.path("spec")
                .path("route")).put("groupWait", "30 seconds"));
    }

    @Test
    void aKindWithoutASchemaFailsInsteadOfPassing() {
        JsonNode unknown = manifests.one("Service", NAME).deepCopy();
        ((ObjectNode) unknown).put("kind", "Servce");
        assertThrows(AssertionError.class, () -> schemas.violations(unknown));
    }

    private static ObjectNode container(JsonNode deployment) {
        return (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    private void assertRejected(JsonNode valid, String field, Consumer<JsonNode> breakIt) {
        assertEquals(Set.of(), schemas.violations(valid), "the original is valid");
        JsonNode broken = valid.deepCopy();
        breakIt.accept(broken);
        Set<String> violations = schemas.violations(broken);
        assertTrue(violations.stream().anyMatch(v -> v.contains(field)), field + " not reported: " + violations);
    }
}
