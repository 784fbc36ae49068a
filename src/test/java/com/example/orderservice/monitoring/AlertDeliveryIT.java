package com.example.orderservice.monitoring;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.orderservice.SetUpOnce;
import com.example.orderservice.TestOrders;
import com.example.orderservice.fault.FaultInjectionEnabled;
import com.example.orderservice.http.FaultInjection;
import com.example.orderservice.kubernetes.Manifests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * From an injected 5xx burst to the person on call: the packaged service, scraped by a real Prometheus that evaluates
 * the shipped rules and sends its alerts to a real Alertmanager, configured as the Prometheus Operator configures it
 * from the shipped AlertmanagerConfig ({@link OperatorAlertmanagerConfig}), whose webhooks are this test's HTTP
 * server. Also runs the prometheus-adapter rule's query in the same Prometheus.
 * <p>
 * The targets carry the labels the Prometheus Operator gives a ServiceMonitor's targets in a namespace ("shop") and
 * pod; the AlertmanagerConfig routes alerts of its own namespace only.
 */
@QuarkusIntegrationTest
@TestProfile(AlertDeliveryIT.OwnService.class)
class AlertDeliveryIT {

    /**
     * Fault injection on, in a service of its own: a profile class of its own makes Quarkus start the packaged
     * application afresh, so this test's traffic never shows in the exact counts of {@link PrometheusEndToEndIT}.
     */
    public static class OwnService extends FaultInjectionEnabled {
        public OwnService() {
            super(Map.of());
        }
    }

    static final String NAME = "order-service";
    static final String NAMESPACE = "shop";
    static final String POD = "order-service-7d9f8-x2x4q";
    static final String SECRET = "order-service-alert-receivers";
    static final String RECEIVER_PREFIX = NAMESPACE + "/" + NAME + "/";
    static final Duration WAIT = Duration.ofSeconds(120);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String VALID_ORDER = TestOrders.VALID;

    @TempDir
    static Path dir;
    static Webhooks webhooks;
    static AlertmanagerServer alertmanager;
    static PrometheusServer prometheus;
    static final SetUpOnce SET_UP = new SetUpOnce();

    @BeforeEach
    void setUpOnce() {
        SET_UP.run(AlertDeliveryIT::start);
    }

    static void start() throws IOException {
        webhooks = Webhooks.start();
        alertmanager = AlertmanagerServer.start(writeAlertmanagerConfig());
        // Both series (a 2xx and a 5xx) exist from the first scrape on, so rate() sees the burst below in full.
        sendOrders(1, null, 201);
        sendOrders(1, "500", 500);
        prometheus = PrometheusServer.start(writePrometheusConfig(RestAssured.port, alertmanager.base().getPort()));
        await("two scrapes before the burst").atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() ->
                prometheus.query("count_over_time(up{job=\"order-service\"}[1m])"),
                result -> result.size() == 1 && value(result.get(0)) >= 2);
        sendOrders(20, null, 201);
        sendOrders(20, "500", 500);
    }

    @AfterAll
    static void stopAll() {
        try (Webhooks w = webhooks; AlertmanagerServer a = alertmanager; PrometheusServer p = prometheus) {
            // closes each that was started, Prometheus first, whatever fails
        }
    }

    @Test
    void highErrorRatePagesWithWhatThePersonOnCallNeeds() {
        JsonNode alert = await("HighErrorRate at the page webhook").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> webhooks.firing("page", "HighErrorRate"), found -> found != null);
        JsonNode notification = alert.path("notification");
        assertEquals(RECEIVER_PREFIX + "page", notification.path("receiver").asText());
        assertEquals(Map.of("namespace", NAMESPACE, "alertname", "HighErrorRate"),
                JSON.convertValue(notification.path("groupLabels"), Map.class), "grouped by namespace and alertname");

        JsonNode labels = alert.path("alert").path("labels");
        assertEquals("critical", labels.path("severity").asText());
        assertEquals(NAMESPACE, labels.path("namespace").asText());
        assertEquals("order-service", labels.path("job").asText());
        JsonNode annotations = alert.path("alert").path("annotations");
        assertFalse(annotations.path("summary").asText().isBlank(), annotations.toString());
        assertTrue(annotations.path("description").asText().matches(".*\\d+(\\.\\d+)?% of requests.*"),
                "the error ratio, rendered: " + annotations.path("description"));
        assertTrue(annotations.path("runbook_url").asText().matches("https?://.+#higherrorrate"),
                annotations.path("runbook_url").asText());

        assertEquals(List.of(RECEIVER_PREFIX + "page"), receivers(alertmanagerAlert("HighErrorRate", "critical")),
                "paged only, no ticket");
    }

    /** The burst burns both budgets' windows: the fast burn pages, and silences its slow-burn ticket meanwhile. */
    @Test
    void theCriticalBurnRateAlertPagesAndInhibitsItsWarning() {
        await("OrderServiceErrorBudgetBurn critical at the page webhook").atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> webhooks.firing("page", "OrderServiceErrorBudgetBurn"), found -> found != null);
        JsonNode warning = await("the warning burn-rate alert in Alertmanager, inhibited").atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> alertmanagerAlert("OrderServiceErrorBudgetBurn", "warning"),
                        a -> a != null && "suppressed".equals(a.path("status").path("state").asText()));
        assertFalse(warning.path("status").path("inhibitedBy").isEmpty(), warning.toString());
        assertEquals(List.of(RECEIVER_PREFIX + "ticket"), receivers(warning), "a warning is routed to a ticket");
    }

    /**
     * A warning with no critical alert of its budget firing opens a ticket. None of the rules can produce one here
     * (the burst burns the fast windows too), so it is posted to Alertmanager as Prometheus would send it.
     */
    @Test
    void aWarningOpensATicket() {
        alertmanager.post("""
                [{"labels": {"alertname": "OrderServiceLatencyBudgetBurn", "severity": "warning", "namespace": "%s",
                             "job": "order-service", "long": "3d", "short": "6h"},
                  "annotations": {"summary": "order-service is burning its latency error budget steadily"}}]
                """.formatted(NAMESPACE));
        JsonNode alert = await("the warning at the ticket webhook").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> webhooks.firing("ticket", "OrderServiceLatencyBudgetBurn"), found -> found != null);
        assertEquals(RECEIVER_PREFIX + "ticket", alert.path("notification").path("receiver").asText());
        assertEquals("warning", alert.path("alert").path("labels").path("severity").asText());
    }

    /**
     * prometheus-adapter's metricsQuery, with its template variables filled in as the adapter fills them when the
     * HorizontalPodAutoscaler asks for a pods metric of the namespace, gives each pod's request rate.
     */
    @Test
    void theAdapterRuleGivesEachPodsRequestRate() {
        JsonNode rule = Manifests.prometheusAdapterRule();
        assertFalse(prometheus.query(rule.path("seriesQuery").asText()).isEmpty(), "the rule discovers the series");
        String query = rule.path("metricsQuery").asText()
                .replace("<<.Series>>", "app_requests_total")
                .replace("<<.LabelMatchers>>",
                        "namespace=\"" + NAMESPACE + "\",pod=~\"" + POD + "|order-service-other\"")
                .replace("<<.GroupBy>>", "pod");
        assertFalse(query.contains("<<"), query);
        // Traffic of its own: the burst of the setup may be older than the 2-minute window by now.
        sendOrders(10, null, 201);

        await("a request rate for the pod").atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            double time = System.currentTimeMillis() / 1000.0;
            JsonNode result = prometheus.query(query, time);
            assertEquals(1, result.size(), query + " → " + result);
            assertEquals(Map.of("pod", POD), JSON.convertValue(result.get(0).path("metric"), Map.class),
                    "keyed by pod alone, as the custom metrics API serves it");
            double expected = value(prometheus.query(
                    "sum(rate(app_requests_total{pod=\"" + POD + "\"}[2m]))", time).get(0));
            assertTrue(expected > 0, "requests were sent");
            assertEquals(expected, value(result.get(0)), 1e-9 * expected);
        });
    }

    // --- configuration -------------------------------------------------------------------------------------------

    static Path writeAlertmanagerConfig() throws IOException {
        JsonNode shipped = Manifests.generated().one("AlertmanagerConfig", NAME);
        ObjectNode config = OperatorAlertmanagerConfig.translate(shipped, NAMESPACE, Map.of(
                SECRET + "/page-url", webhooks.url("page"),
                SECRET + "/ticket-url", webhooks.url("ticket")));
        // Timing only, not routing: the first notification of a group after 1s instead of the shipped 30s.
        ((ObjectNode) config.path("route").path("routes").get(0)).put("group_wait", "1s");
        Path file = dir.resolve("alertmanager.yml");
        RuleFiles.YAML.writeValue(file.toFile(), config);
        return file;
    }

    /**
     * The shipped rules with every "for" cut to 2s, so that alerts fire within the test: their real durations
     * (minutes) are proven by the promtool unit tests ({@link AlertRulesIT}). Scraped and evaluated every second.
     */
    static Path writePrometheusConfig(int servicePort, int alertmanagerPort) throws IOException {
        ObjectNode rules = RuleFiles.YAML.createObjectNode();
        for (JsonNode group : RuleFiles.shippedGroups()) {
            JsonNode copy = group.deepCopy();
            copy.path("rules").forEach(rule -> {
                if (rule.has("for")) {
                    ((ObjectNode) rule).put("for", "2s");
                }
            });
            rules.withArrayProperty("groups").add(copy);
        }
        Path file = dir.resolve(RuleFiles.SHIPPED_FILE_NAME);
        RuleFiles.YAML.writeValue(file.toFile(), rules);
        return PrometheusServer.writeConfig(file, servicePort, alertmanagerPort,
                Map.of("namespace", NAMESPACE, "pod", POD));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    static void sendOrders(int times, String fault, int status) {
        for (int i = 0; i < times; i++) {
            var request = given().contentType("application/json").body(VALID_ORDER);
            if (fault != null) {
                request = request.header(FaultInjection.HEADER, fault);
            }
            request.post("/api/orders").then().statusCode(status);
        }
    }

    /** The alert of this name and severity that Alertmanager holds, or null. */
    static JsonNode alertmanagerAlert(String name, String severity) {
        return StreamSupport.stream(alertmanager.alerts().spliterator(), false)
                .filter(a -> name.equals(a.path("labels").path("alertname").asText())
                        && severity.equals(a.path("labels").path("severity").asText()))
                .findFirst().orElse(null);
    }

    static List<String> receivers(JsonNode alertmanagerAlert) {
        return StreamSupport.stream(alertmanagerAlert.path("receivers").spliterator(), false)
                .map(r -> r.path("name").asText()).toList();
    }

    static double value(JsonNode series) {
        return Double.parseDouble(series.path("value").get(1).asText());
    }

    /** The webhook receivers: an HTTP server on 127.0.0.1 that keeps every notification posted to /page or /ticket. */
    static final class Webhooks implements AutoCloseable {

        private final HttpServer server;
        private final Map<String, Queue<JsonNode>> received = Map.of(
                "page", new ConcurrentLinkedQueue<>(), "ticket", new ConcurrentLinkedQueue<>());

        private Webhooks(HttpServer server) {
            this.server = server;
        }

        static Webhooks start() throws IOException {
            Webhooks webhooks = new Webhooks(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            webhooks.received.forEach((name, notifications) -> webhooks.server.createContext("/" + name, exchange -> {
                try (exchange) {
                    notifications.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                    exchange.sendResponseHeaders(200, -1);
                }
            }));
            webhooks.server.start();
            return webhooks;
        }

        String url(String name) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
        }

        /** {"notification": ..., "alert": ...} of the first firing alert of this name posted there, or null. */
        JsonNode firing(String webhook, String alertname) {
            for (JsonNode notification : received.get(webhook)) {
                for (JsonNode alert : notification.path("alerts")) {
                    if (alertname.equals(alert.path("labels").path("alertname").asText())
                            && "firing".equals(alert.path("status").asText())) {
                        ObjectNode found = JSON.createObjectNode();
                        found.set("notification", notification);
                        found.set("alert", alert);
                        return found;
                    }
                }
            }
            return null;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
