package com.example.orderservice.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import com.example.orderservice.monitoring.Dashboard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Checks the manifests that {@code ./mvnw package} generated, document by document. */
class KubernetesManifestsIT {

    static final String NAME = "order-service";
    final Manifests manifests = Manifests.generated();

    @Test
    void generatesExactlyTheExpectedResources() {
        Map<String, Integer> kinds = new HashMap<>();
        manifests.all().forEach(d -> kinds.merge(d.path("kind").asText(), 1, Integer::sum));
        assertEquals(1, kinds.remove("Deployment"));
        assertEquals(1, kinds.remove("Service"));
        assertEquals(1, kinds.remove("ServiceMonitor"), "one ServiceMonitor, not a generated one beside ours");
        assertEquals(1, kinds.remove("PrometheusRule"));
        assertEquals(1, kinds.remove("AlertmanagerConfig"));
        assertEquals(1, kinds.remove("PodDisruptionBudget"));
        assertEquals(1, kinds.remove("NetworkPolicy"));
        assertEquals(1, kinds.remove("HorizontalPodAutoscaler"));
        kinds.keySet().forEach(kind -> assertTrue(List.of("ConfigMap", "Secret").contains(kind), "unexpected " + kind));
    }

    @Test
    void deploymentRunsThreeScrapableReplicas() {
        JsonNode deployment = manifests.one("Deployment", NAME);
        JsonNode spec = deployment.path("spec");
        assertEquals(3, spec.path("replicas").asInt());
        assertEquals(NAME, deployment.path("metadata").path("labels").path("app").asText());

        JsonNode pod = spec.path("template").path("metadata");
        assertEquals(NAME, pod.path("labels").path("app").asText());
        assertEquals(NAME, pod.path("labels").path("app.kubernetes.io/name").asText());
        JsonNode annotations = pod.path("annotations");
        assertEquals("true", annotations.path("prometheus.io/scrape").asText());
        assertEquals("8080", annotations.path("prometheus.io/port").asText());
        assertEquals("/metrics", annotations.path("prometheus.io/path").asText());

        JsonNode container = spec.path("template").path("spec").path("containers").get(0);
        JsonNode port = container.path("ports").get(0);
        assertEquals("http", port.path("name").asText());
        assertEquals(8080, port.path("containerPort").asInt());
        assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/started", container.path("startupProbe").path("httpGet").path("path").asText());
    }

    @Test
    void podMeetsTheRestrictedPodSecurityStandard() {
        JsonNode pod = manifests.one("Deployment", NAME).path("spec").path("template").path("spec");
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), "runAsNonRoot");
        assertTrue(pod.path("securityContext").path("runAsUser").asInt() > 0, "a non-root uid");
        assertFalse(pod.path("hostNetwork").asBoolean() || pod.path("hostPID").asBoolean(), "no host namespaces");

        for (JsonNode container : pod.path("containers")) {
            JsonNode security = container.path("securityContext");
            String name = container.path("name").asText();
            assertEquals("false", security.path("allowPrivilegeEscalation").toString(), name + ": privilege escalation");
            assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), name + ": readOnlyRootFilesystem");
            assertEquals("[\"ALL\"]", security.path("capabilities").path("drop").toString(), name + ": drop ALL");
            assertTrue(security.path("capabilities").path("add").isMissingNode(), name + ": adds no capability");
            String seccomp = security.path("seccompProfile").path("type").asText(
                    pod.path("securityContext").path("seccompProfile").path("type").asText());
            assertEquals("RuntimeDefault", seccomp, name + ": seccomp profile");
        }
    }

    @Test
    void readOnlyRootFilesystemStillLeavesAWritableTmp() {
        JsonNode pod = manifests.one("Deployment", NAME).path("spec").path("template").path("spec");
        JsonNode mount = StreamSupport.stream(pod.path("containers").get(0).path("volumeMounts").spliterator(), false)
                .filter(m -> "/tmp".equals(m.path("mountPath").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at /tmp"));
        assertFalse(mount.path("readOnly").asBoolean());
        JsonNode volume = StreamSupport.stream(pod.path("volumes").spliterator(), false)
                .filter(v -> mount.path("name").asText().equals(v.path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no volume " + mount.path("name")));
        assertTrue(volume.has("emptyDir"), "/tmp is an emptyDir: " + volume);
    }

    @Test
    void containerHasCpuAndMemoryRequestsAndLimitsTheHeapIsSizedTo() {
        JsonNode container = manifests.one("Deployment", NAME).path("spec").path("template").path("spec")
                .path("containers").get(0);
        JsonNode resources = container.path("resources");
        for (String bound : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertFalse(resources.path(bound).path(resource).asText().isBlank(), bound + "." + resource);
            }
        }
        assertEquals(resources.path("requests").path("memory").asText(), resources.path("limits").path("memory")
                .asText(), "memory request = limit: no OOM kill from node overcommit");
        // The heap is a share of the container's memory (never a fixed -Xmx that could exceed the limit).
        String jvmFlags = ApplicationConfig.value("quarkus.jib.jvm-additional-arguments");
        assertTrue(jvmFlags.contains("-XX:MaxRAMPercentage="), jvmFlags);
        assertFalse(jvmFlags.contains("-Xmx"), jvmFlags);
    }

    @Test
    void quarkusFinishesShuttingDownWithinTheGracePeriod() {
        JsonNode pod = manifests.one("Deployment", NAME).path("spec").path("template").path("spec");
        assertTrue(pod.has("terminationGracePeriodSeconds"), "explicit grace period");
        Duration grace = Duration.ofSeconds(pod.path("terminationGracePeriodSeconds").asLong());
        Duration shutdown = ApplicationConfig.duration("quarkus.shutdown.delay")
                .plus(ApplicationConfig.duration("quarkus.shutdown.timeout"));
        assertTrue(shutdown.compareTo(grace) < 0, "shutdown " + shutdown + " must end before the grace period " + grace);
    }

    @Test
    void deploymentRunsTheImageThatThePushBuilds() {
        JsonNode container = manifests.one("Deployment", NAME).path("spec").path("template").path("spec")
                .path("containers").get(0);
        String expected = ApplicationConfig.value("quarkus.container-image.registry") + "/"
                + ApplicationConfig.value("quarkus.container-image.group") + "/" + NAME + ":"
                + System.getProperty("project.version");
        assertEquals(expected, container.path("image").asText());
    }

    /**
     * The database settings come from the Secret order-service-db, all of them (the store switch included), and it is
     * optional: a cluster without it runs the in-memory store. Flyway migrates in the pod, so there is no Job and no
     * init container waiting for one.
     */
    @Test
    void databaseSettingsComeFromTheOptionalSecret() {
        JsonNode pod = manifests.one("Deployment", NAME).path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        List<JsonNode> secrets = StreamSupport.stream(container.path("envFrom").spliterator(), false)
                .map(source -> source.path("secretRef")).filter(ref -> !ref.isMissingNode()).toList();
        assertEquals(1, secrets.size(), container.path("envFrom").toString());
        assertEquals("order-service-db", secrets.get(0).path("name").asText());
        assertTrue(secrets.get(0).path("optional").asBoolean(), "without the Secret, pods must still start");

        container.path("env").forEach(variable -> assertFalse(
                variable.path("name").asText().matches("QUARKUS_(DATASOURCE|FLYWAY)_.*"),
                "the Secret alone decides the store: " + variable));
        assertFalse(pod.has("initContainers"), "no init container waiting for a migration Job");
    }

    @Test
    void selectorsCarryNoVersionAndMatchThePods() {
        JsonNode deployment = manifests.one("Deployment", NAME);
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        JsonNode deploymentSelector = deployment.path("spec").path("selector").path("matchLabels");
        JsonNode serviceSelector = manifests.one("Service", NAME).path("spec").path("selector");

        for (JsonNode selector : List.of(deploymentSelector, serviceSelector)) {
            assertFalse(selector.isEmpty(), "a selector must select something");
            assertFalse(selector.has("app.kubernetes.io/version"), "a version in a selector breaks kubectl apply");
            selector.fields().forEachRemaining(label ->
                    assertEquals(label.getValue().asText(), podLabels.path(label.getKey()).asText(), label.getKey()));
        }
    }

    @Test
    void serviceHasNamedHttpAndMetricsPorts() {
        JsonNode ports = manifests.one("Service", NAME).path("spec").path("ports");
        Map<String, JsonNode> byName = new HashMap<>();
        ports.forEach(p -> byName.put(p.path("name").asText(), p));
        assertEquals(Map.of("http", true, "metrics", true), Map.of("http", byName.containsKey("http"),
                "metrics", byName.containsKey("metrics")));
        assertEquals("http", byName.get("metrics").path("targetPort").asText(), "metrics goes to the container's port");
    }

    @Test
    void serviceMonitorSelectsTheServiceAndScrapesMetricsEvery15s() {
        JsonNode monitor = manifests.one("ServiceMonitor", NAME);
        assertEquals("prometheus", monitor.path("metadata").path("labels").path("release").asText());

        JsonNode serviceLabels = manifests.one("Service", NAME).path("metadata").path("labels");
        JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
        assertFalse(selector.isEmpty());
        selector.fields().forEachRemaining(label ->
                assertEquals(label.getValue().asText(), serviceLabels.path(label.getKey()).asText(), label.getKey()));

        JsonNode endpoints = monitor.path("spec").path("endpoints");
        assertEquals(1, endpoints.size());
        assertEquals("metrics", endpoints.get(0).path("port").asText());
        assertEquals("/metrics", endpoints.get(0).path("path").asText());
        assertEquals("15s", endpoints.get(0).path("interval").asText());
    }

    @Test
    void prometheusRuleHoldsTheHighErrorRateAlert() {
        JsonNode rule = manifests.one("PrometheusRule", "order-service-alerts");
        assertEquals("prometheus", rule.path("metadata").path("labels").path("release").asText());

        JsonNode alert = StreamSupport.stream(rule.path("spec").path("groups").spliterator(), false)
                .flatMap(group -> StreamSupport.stream(group.path("rules").spliterator(), false))
                .filter(r -> "HighErrorRate".equals(r.path("alert").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no HighErrorRate alert"));
        assertEquals("5m", alert.path("for").asText());
        assertEquals("critical", alert.path("labels").path("severity").asText());
        assertTrue(alert.path("expr").asText().contains("job:app_requests_errors:ratio_rate5m"));
        assertFalse(alert.path("annotations").path("summary").asText().isBlank());
        assertFalse(alert.path("annotations").path("description").asText().isBlank());
    }

    @Test
    void dashboardConfigMapIsLabelledForTheGrafanaSidecarAndHoldsTheDashboardFile() {
        JsonNode configMap = manifests.one("ConfigMap", Dashboard.CONFIG_MAP);
        assertEquals("1", configMap.path("metadata").path("labels").path("grafana_dashboard").asText());
        assertEquals(1, configMap.path("data").size(), "one dashboard per ConfigMap");
        // Built with the default objectives, as ./run-tests does: the file as it is, which Grafana can import too.
        assertEquals(Dashboard.fileText(), Dashboard.shippedText(), "the ConfigMap holds " + Dashboard.FILE);

        JsonNode dashboard = Dashboard.shipped().json();
        assertEquals("order-service", dashboard.path("uid").asText());
        Set<String> titles = new TreeSet<>();
        dashboard.path("panels").forEach(panel -> {
            titles.add(panel.path("title").asText());
            if (!"row".equals(panel.path("type").asText())) {
                assertFalse(panel.path("targets").isEmpty(), panel.path("title") + " has no query");
            }
        });
        for (String expected : List.of("Request rate by endpoint", "Error ratio (5xx)", "p50 latency by endpoint",
                "p95 latency by endpoint", "p99 latency by endpoint", "Availability error budget left",
                "Latency error budget left", "Heap used / max", "GC pause time per second")) {
            assertTrue(titles.contains(expected), "no panel " + expected + " in " + titles);
        }
        assertTrue(Dashboard.shipped().expressions().stream().allMatch(e -> e.contains("job=\"order-service\"")),
                "every query selects the service's job, like the alerts");
    }

    /**
     * A query that counts events (a rate of a _count or _total, with no _sum or _bucket of a duration) draws events
     * per second: in a panel whose unit is seconds, an override must give its series a unit of its own.
     */
    @Test
    void dashboardDrawsCountsInARateUnitNotInSeconds() {
        int checked = 0;
        for (JsonNode panel : Dashboard.shipped().json().path("panels")) {
            if (!"s".equals(panel.path("fieldConfig").path("defaults").path("unit").asText())) {
                continue;
            }
            Map<String, String> unitByRefId = new HashMap<>();
            panel.path("fieldConfig").path("overrides").forEach(o -> {
                if ("byFrameRefID".equals(o.path("matcher").path("id").asText())) {
                    o.path("properties").forEach(p -> {
                        if ("unit".equals(p.path("id").asText())) {
                            unitByRefId.put(o.path("matcher").path("options").asText(), p.path("value").asText());
                        }
                    });
                }
            });
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                if (expr.matches("(?s).*_(count|total)\\b.*") && !expr.matches("(?s).*_(sum|bucket)\\b.*")) {
                    checked++;
                    assertEquals("ops", unitByRefId.get(target.path("refId").asText()),
                            panel.path("title").asText() + " " + target.path("refId").asText() + ": " + expr);
                }
            }
        }
        assertTrue(checked > 0, "the GC panel draws pauses per second beside the seconds paused");
    }

    /** A node drain evicts through the PodDisruptionBudget: of the 3 replicas, 2 must keep running. */
    @Test
    void aNodeDrainKeepsTwoOfTheThreeReplicas() {
        JsonNode budget = manifests.one("PodDisruptionBudget", NAME).path("spec");
        assertSelectsThePods(budget.path("selector").path("matchLabels"));
        int replicas = manifests.one("Deployment", NAME).path("spec").path("replicas").asInt();
        assertTrue(budget.path("maxUnavailable").isInt(), "a number of pods, not a percentage: " + budget);
        assertFalse(budget.has("minAvailable"), "one of the two");
        assertEquals(3, replicas);
        assertEquals(2, replicas - budget.path("maxUnavailable").asInt(), "replicas left during a drain");
        assertEquals("AlwaysAllow", budget.path("unhealthyPodEvictionPolicy").asText(),
                "unready pods (a database outage makes them all unready) must not block a drain");
    }

    @Test
    void replicasAreSpreadOverNodesAndZones() {
        JsonNode pod = manifests.one("Deployment", NAME).path("spec").path("template").path("spec");
        Map<String, JsonNode> byKey = new HashMap<>();
        pod.path("topologySpreadConstraints").forEach(c -> byKey.put(c.path("topologyKey").asText(), c));
        assertEquals(Set.of("kubernetes.io/hostname", "topology.kubernetes.io/zone"), byKey.keySet());
        byKey.values().forEach(constraint -> {
            assertEquals(1, constraint.path("maxSkew").asInt(), constraint.toString());
            assertSelectsThePods(constraint.path("labelSelector").path("matchLabels"));
        });
        JsonNode nodes = byKey.get("kubernetes.io/hostname");
        assertEquals("DoNotSchedule", nodes.path("whenUnsatisfiable").asText(), "never two replicas on one node");
        assertEquals("Honor", nodes.path("nodeTaintsPolicy").asText(), "nodes the pod cannot use do not count");
        // Hard across zones would leave every pod Pending on a cluster without zone labels.
        assertEquals("ScheduleAnyway", byKey.get("topology.kubernetes.io/zone").path("whenUnsatisfiable").asText());
    }

    /**
     * API traffic from anywhere, the monitoring namespace admitted on its own, nothing else. /metrics is served on the
     * API port (the Service's metrics port targets the same container port), so both rules admit that one port.
     */
    @Test
    void networkPolicyAdmitsTheApiAndTheMonitoringNamespaceOnly() {
        JsonNode policy = manifests.one("NetworkPolicy", NAME).path("spec");
        assertSelectsThePods(policy.path("podSelector").path("matchLabels"));
        assertEquals("[\"Ingress\"]", policy.path("policyTypes").toString(), "ingress not admitted is denied");
        JsonNode rules = policy.path("ingress");
        assertEquals(2, rules.size(), rules.toString());

        String apiPort = manifests.one("Deployment", NAME).path("spec").path("template").path("spec")
                .path("containers").get(0).path("ports").get(0).path("name").asText();
        JsonNode api = rules.get(0);
        assertFalse(api.has("from"), "the API is open to every client");
        assertEquals("[{\"port\":\"" + apiPort + "\",\"protocol\":\"TCP\"}]", api.path("ports").toString());

        JsonNode monitoring = rules.get(1);
        assertEquals(1, monitoring.path("from").size());
        JsonNode peer = monitoring.path("from").get(0);
        assertEquals("{\"kubernetes.io/metadata.name\":\"monitoring\"}",
                peer.path("namespaceSelector").path("matchLabels").toString());
        assertFalse(peer.has("podSelector"), "every pod of the monitoring namespace");
        String metricsPort = StreamSupport.stream(manifests.one("Service", NAME).path("spec").path("ports")
                        .spliterator(), false).filter(p -> "metrics".equals(p.path("name").asText())).findFirst()
                .orElseThrow().path("targetPort").asText();
        assertEquals("[{\"port\":\"" + metricsPort + "\",\"protocol\":\"TCP\"}]", monitoring.path("ports")
                .toString(), "the monitoring namespace reaches the port the metrics are served on");
    }

    @Test
    void autoscalerScalesTheDeploymentOnTheAdaptersRequestRateWithThreeReplicasAsTheFloor() {
        JsonNode hpa = manifests.one("HorizontalPodAutoscaler", NAME).path("spec");
        assertEquals("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"" + NAME + "\"}",
                hpa.path("scaleTargetRef").toString());
        int replicas = manifests.one("Deployment", NAME).path("spec").path("replicas").asInt();
        assertEquals(replicas, hpa.path("minReplicas").asInt(), "the floor is the Deployment's replicas");
        assertTrue(hpa.path("maxReplicas").asInt() > replicas, "room to scale out");

        assertEquals(1, hpa.path("metrics").size());
        JsonNode metric = hpa.path("metrics").get(0);
        assertEquals("Pods", metric.path("type").asText(), "a per-pod custom metric");
        assertEquals("AverageValue", metric.path("pods").path("target").path("type").asText());
        assertTrue(Double.parseDouble(metric.path("pods").path("target").path("averageValue").asText()) > 0);
        JsonNode rule = Manifests.prometheusAdapterRule();
        assertEquals(rule.path("name").path("as").asText(), metric.path("pods").path("metric").path("name").asText(),
                "the metric the adapter rule serves");
        assertTrue(rule.path("seriesQuery").asText().startsWith("app_requests_total{"), rule.toString());
        assertEquals("{\"namespace\":{\"resource\":\"namespace\"},\"pod\":{\"resource\":\"pod\"}}",
                rule.path("resources").path("overrides").toString(), "labels the Prometheus Operator sets");
    }

    @Test
    void alertmanagerConfigPagesForCriticalAndOpensATicketForWarning() {
        JsonNode config = manifests.one("AlertmanagerConfig", NAME);
        assertEquals("prometheus", config.path("metadata").path("labels").path("release").asText());
        JsonNode route = config.path("spec").path("route");
        assertEquals("[\"namespace\",\"alertname\"]", route.path("groupBy").toString());
        assertEquals(Map.of("job", "=order-service"), matchers(route.path("matchers")), "this service's alerts only");
        assertEquals("ticket", route.path("receiver").asText(), "warning, and any other severity, opens a ticket");
        assertEquals(1, route.path("routes").size());
        JsonNode critical = route.path("routes").get(0);
        assertEquals("page", critical.path("receiver").asText());
        assertEquals(Map.of("severity", "=critical"), matchers(critical.path("matchers")));

        Set<String> receivers = new TreeSet<>();
        config.path("spec").path("receivers").forEach(r -> {
            receivers.add(r.path("name").asText());
            assertEquals(1, r.path("webhookConfigs").size(), r.toString());
            JsonNode webhook = r.path("webhookConfigs").get(0);
            assertEquals("order-service-alert-receivers", webhook.path("urlSecret").path("name").asText());
            assertTrue(webhook.path("sendResolved").asBoolean(), "the person paged learns that it is over");
        });
        assertEquals(Set.of("page", "ticket"), receivers);
    }

    @Test
    void theCriticalBurnRateAlertInhibitsItsWarning() {
        JsonNode inhibit = manifests.one("AlertmanagerConfig", NAME).path("spec").path("inhibitRules");
        assertEquals(1, inhibit.size());
        Map<String, String> source = matchers(inhibit.get(0).path("sourceMatch"));
        Map<String, String> target = matchers(inhibit.get(0).path("targetMatch"));
        assertEquals("=critical", source.get("severity"));
        assertEquals("=warning", target.get("severity"));
        assertEquals(source.get("alertname"), target.get("alertname"));
        Set<String> equal = new TreeSet<>();
        inhibit.get(0).path("equal").forEach(label -> equal.add(label.asText()));
        assertEquals(Set.of("alertname", "namespace", "job"), equal, "the same budget of the same deployment");

        // It names the burn-rate alerts that have a critical and a warning severity in the rules.
        Pattern names = Pattern.compile(source.get("alertname").substring(2));
        Map<String, Set<String>> severities = new HashMap<>();
        manifests.one("PrometheusRule", "order-service-alerts").path("spec").path("groups").forEach(group ->
                group.path("rules").forEach(rule -> {
                    if (rule.has("alert")) {
                        severities.computeIfAbsent(rule.path("alert").asText(), a -> new TreeSet<>())
                                .add(rule.path("labels").path("severity").asText());
                    }
                }));
        Set<String> burnRate = new TreeSet<>();
        severities.forEach((alert, levels) -> {
            if (levels.equals(Set.of("critical", "warning"))) {
                burnRate.add(alert);
            }
        });
        assertEquals(Set.of("OrderServiceErrorBudgetBurn", "OrderServiceLatencyBudgetBurn"), burnRate);
        severities.keySet().forEach(alert -> assertEquals(burnRate.contains(alert), names.matcher(alert).matches(),
                alert));
    }

    /** Operator and value by label name; a matcher without matchType is an equality, as the operator reads it. */
    private static Map<String, String> matchers(JsonNode list) {
        Map<String, String> byName = new HashMap<>();
        list.forEach(m -> byName.put(m.path("name").asText(), m.path("matchType").asText("=")
                + m.path("value").asText()));
        return byName;
    }

    private void assertSelectsThePods(JsonNode matchLabels) {
        JsonNode podLabels = manifests.one("Deployment", NAME).path("spec").path("template").path("metadata")
                .path("labels");
        assertFalse(matchLabels.isEmpty(), "a selector must select something");
        matchLabels.fields().forEachRemaining(label ->
                assertEquals(label.getValue().asText(), podLabels.path(label.getKey()).asText(), label.getKey()));
    }

    /**
     * YAML 1.1 (PyYAML's safe_load, Debian's python3-yaml) and YAML 1.2 (Jackson, as kubectl) read the same data from
     * kubernetes.yml, and kubernetes.json holds that data too: no plain scalar that one of them reads otherwise or
     * refuses (a bare {@code =}, {@code yes}, a date).
     */
    @Test
    void everyYamlParserReadsTheSameManifests() throws IOException {
        JsonNode java = new ObjectMapper().valueToTree(manifests.all());
        JsonNode python = PyYaml.safeLoadAll(Manifests.GENERATED);
        assertNull(PyYaml.firstDifference("", java, python), "PyYAML reads kubernetes.yml otherwise");
        JsonNode json = new ObjectMapper().readTree(Manifests.GENERATED.resolveSibling("kubernetes.json").toFile());
        assertNull(PyYaml.firstDifference("", java, json), "kubernetes.json holds other data");
    }

    @Test
    void manifestsAreReadableByAll() throws IOException {
        for (String file : List.of("kubernetes.yml", "kubernetes.json")) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(Manifests.GENERATED.resolveSibling(file))), file);
        }
    }

    /**
     * The same commit builds the same bytes: no build timestamp (it would restart every replica on each re-apply)
     * and nothing of the build machine. A second build is not run here; what would differ between two builds is
     * excluded: the settings that leave out the timestamp and the VCS URI are set, and neither the time of this
     * build nor its machine's paths appear in the files.
     */
    @Test
    void manifestsHoldNothingOfTheBuildTimeOrMachine() throws IOException {
        assertEquals("false", ApplicationConfig.value("quarkus.kubernetes.add-build-timestamp"));
        assertEquals("false", ApplicationConfig.value("quarkus.kubernetes.vcs-uri.enabled"));
        Instant built = Files.getLastModifiedTime(Manifests.GENERATED).toInstant();
        Set<String> machine = new TreeSet<>(List.of(Path.of("").toAbsolutePath().toString(),
                DateTimeFormatter.ISO_LOCAL_DATE.format(built.atZone(ZoneOffset.UTC)),
                DateTimeFormatter.ISO_LOCAL_DATE.format(built.atZone(ZoneId.systemDefault()))));
        if (Path.of(System.getProperty("user.home")).getNameCount() > 0) {
            machine.add(System.getProperty("user.home"));
        }
        for (String file : List.of("kubernetes.yml", "kubernetes.json")) {
            String text = Files.readString(Manifests.GENERATED.resolveSibling(file));
            machine.forEach(trace -> assertFalse(text.contains(trace), file + " contains " + trace));
            assertFalse(text.contains("build-timestamp"), file);
            assertFalse(text.contains("vcs-uri"), file);
        }
    }

    /**
     * prometheus.io/* where annotation-based discovery reads them, on the pods (role pod) and the Service (role
     * service, endpoints), with the same values; on no other object, where they would only mislead.
     */
    @Test
    void prometheusAnnotationsAreOnThePodsAndTheServiceOnly() {
        Map<String, JsonNode> annotated = new TreeMap<>();
        manifests.all().forEach(document -> document.findParents("metadata").forEach(parent -> {
            JsonNode prometheus = prometheusAnnotations(parent.path("metadata").path("annotations"));
            if (!prometheus.isEmpty()) {
                String where = document.path("kind").asText() + (parent == document ? "" : " pod template");
                annotated.put(where, prometheus);
            }
        }));
        assertEquals(Set.of("Deployment pod template", "Service"), annotated.keySet());
        JsonNode pod = annotated.get("Deployment pod template");
        assertEquals(pod, annotated.get("Service"));
        assertEquals(4, pod.size(), pod.toString());
        assertEquals("/metrics", pod.path("prometheus.io/path").asText());
        int containerPort = manifests.one("Deployment", NAME).path("spec").path("template").path("spec")
                .path("containers").get(0).path("ports").get(0).path("containerPort").asInt();
        assertEquals(String.valueOf(containerPort), pod.path("prometheus.io/port").asText());
    }

    private static JsonNode prometheusAnnotations(JsonNode annotations) {
        ObjectNode prometheus = new ObjectMapper().createObjectNode();
        annotations.fields().forEachRemaining(a -> {
            if (a.getKey().startsWith("prometheus.io/")) {
                prometheus.set(a.getKey(), a.getValue());
            }
        });
        return prometheus;
    }

    /** So that "kubectl get -l app.kubernetes.io/name=order-service" and a label-based prune find every object. */
    @Test
    void everyObjectCarriesTheCommonLabels() {
        JsonNode common = manifests.one("Deployment", NAME).path("metadata").path("labels");
        Set<String> names = new TreeSet<>();
        common.fieldNames().forEachRemaining(names::add);
        assertEquals(Set.of("app", "app.kubernetes.io/name", "app.kubernetes.io/version",
                "app.kubernetes.io/managed-by"), names);
        assertEquals(System.getProperty("project.version"), common.path("app.kubernetes.io/version").asText());
        for (JsonNode document : manifests.all()) {
            JsonNode labels = document.path("metadata").path("labels");
            common.fields().forEachRemaining(label -> assertEquals(label.getValue(), labels.path(label.getKey()),
                    document.path("kind").asText() + " " + document.path("metadata").path("name").asText() + ": "
                            + label.getKey()));
        }
    }

    @Test
    void noPlaceholderIsLeftUnfilled() {
        Pattern placeholder = Pattern.compile("@[a-z]+(\\.[a-z-]+)+@");
        manifests.all().forEach(d -> assertFalse(placeholder.matcher(d.toString()).find(), d.toString()));
    }
}
