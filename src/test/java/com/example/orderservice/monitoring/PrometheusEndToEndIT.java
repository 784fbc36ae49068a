package com.example.orderservice.monitoring;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.orderservice.SetUpOnce;
import com.example.orderservice.TestOrders;
import com.example.orderservice.fault.FaultInjectionEnabled;
import com.example.orderservice.http.FaultInjection;
import com.example.orderservice.kubernetes.ApplicationConfig;
import com.example.orderservice.metrics.Scrape;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The packaged service, scraped by a real Prometheus on 127.0.0.1 (every second, with the shipped rules evaluated
 * every second), under traffic that includes injected 5xx answers. Asserts through Prometheus' HTTP API what an
 * operator would see: the exact request counts, the recording rules equal to the queries they precompute, the
 * error ratio of the traffic sent, HighErrorRate and the error-budget alerts pending, and, with tracing on, the
 * client's trace id kept as the exemplar of the series its request was counted in (Prometheus' exemplar storage).
 * <p>
 * Rules with a "for" of minutes cannot fire within a short test; that they fire when they should, and only then, is
 * proven by the promtool unit tests ({@link AlertRulesIT}).
 */
@QuarkusIntegrationTest
@TestProfile(PrometheusEndToEndIT.Traced.class)
class PrometheusEndToEndIT {

    /** Fault injection on, and tracing, whose trace ids become the exemplars Prometheus keeps. */
    public static class Traced extends FaultInjectionEnabled {
        public Traced() {
            super(Map.of("quarkus.otel.sdk.disabled", "false"));
        }
    }

    /** The trace of the first request, as a client that traces its calls sends it (W3C Trace Context, sampled). */
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    static final String JOB = "order-service";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String VALID_ORDER = TestOrders.VALID;

    /** One kind of request, how many of it the main traffic sends, and how the metrics must count it. */
    enum Kind {
        CREATED("POST", "/api/orders", null, 201, "/api/orders", 30),
        FOUND("GET", null, null, 200, "/api/orders/{id}", 20),
        NOT_FOUND("GET", "/api/orders/no-such-order", null, 404, "/api/orders/{id}", 10),
        UNMATCHED("GET", "/no/such/route", null, 404, "unmatched", 10),
        FAILED("POST", "/api/orders", "500", 500, "/api/orders", 10),
        UNAVAILABLE("GET", "/api/orders/any", "503", 503, "/api/orders/{id}", 10);

        final String method;
        final String path;
        final String fault;
        final int status;
        final String endpoint;
        final int count;

        Kind(String method, String path, String fault, int status, String endpoint, int count) {
            this.method = method;
            this.path = path;
            this.fault = fault;
            this.status = status;
            this.endpoint = endpoint;
            this.count = count;
        }
    }

    @TempDir
    static Path dir;
    static PrometheusServer prometheus;
    static final SetUpOnce SET_UP = new SetUpOnce();
    static String orderPath;
    /** Requests sent, by "endpoint status". */
    static final Map<String, Integer> sent = new TreeMap<>();
    /** The share of the main traffic slower than the latency threshold, as the service itself counted it. */
    static double slowShare;
    /** Every request's round trip as the client timed it, in seconds, by endpoint: no less than the service's own. */
    static final Map<String, List<Double>> roundTrips = new TreeMap<>();

    @BeforeEach
    void setUpOnce() {
        SET_UP.run(PrometheusEndToEndIT::scrapeTheServiceUnderTraffic);
    }

    static void scrapeTheServiceUnderTraffic() throws IOException {
        // One request of each kind before Prometheus starts: every series then exists from the first scrape on, so
        // all rates are computed over the same samples.
        // The first request of its series, so its trace is the exemplar of each bucket and counter it lands in.
        long start = System.nanoTime();
        orderPath = given().header("traceparent", TRACEPARENT).contentType("application/json").body(VALID_ORDER)
                .post("/api/orders")
                .then().statusCode(201).extract().header("Location").replaceFirst("^https?://[^/]+", "");
        roundTrip(Kind.CREATED, start);
        record(Kind.CREATED, 1);
        for (Kind kind : Kind.values()) {
            if (kind != Kind.CREATED) {
                send(kind, 1);
            }
        }

        prometheus = PrometheusServer.start(writeConfig(RestAssured.port));
        awaitScrapedTotal(total());
        // Some samples of the warm-up state first: rate() then extrapolates every series alike at the window's start
        // (by half a scrape interval), and the shares of the traffic below come out within a few percent.
        prometheus.await("five samples before the traffic", WAIT,
                () -> prometheus.query("count_over_time(up{job=\"order-service\"}[1m])"),
                result -> result.size() == 1 && value(result.get(0)) >= 5);

        Scrape beforeTraffic = Scrape.now();
        for (Kind kind : Kind.values()) {
            send(kind, kind.count);
        }
        slowShare = slowShare(beforeTraffic, Scrape.afterRequests(beforeTraffic, mainTraffic(null)));
        awaitScrapedTotal(total());
        // Rule groups run on their own schedule: wait for an evaluation that has seen the last scrape.
        double scraped = System.currentTimeMillis() / 1000.0;
        for (String record : List.of("endpoint:app_requests:rate5m", "endpoint:app_request_duration_seconds:p95_5m",
                "job:app_requests_errors:ratio_rate5m", "job:app_requests_slow:ratio_rate5m")) {
            prometheus.await(record + " evaluated after the traffic", WAIT,
                    () -> prometheus.query("min(timestamp(" + record + "))"),
                    result -> result.size() == 1 && value(result.get(0)) > scraped);
        }
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void prometheusHasExactlyTheRequestsSentByEndpointAndStatus() {
        Map<String, Integer> scraped = new TreeMap<>();
        prometheus.query("sum by (endpoint, status) (app_requests_total{job=\"order-service\"})").forEach(series ->
                scraped.put(series.path("metric").path("endpoint").asText() + " "
                        + series.path("metric").path("status").asText(), (int) value(series)));
        assertEquals(sent, scraped);
        assertEquals(total(), value(prometheus.query(
                "sum(app_request_duration_seconds_count{job=\"order-service\"})").get(0)));
    }

    @Test
    void theRecordingRulesEqualTheQueriesTheyPrecompute() {
        assertRecordedEqualsQuery("endpoint:app_requests:rate5m",
                "sum by (endpoint) (rate(app_requests_total{job=\"order-service\"}[5m]))");
        assertRecordedEqualsQuery("endpoint:app_request_duration_seconds:p95_5m",
                "histogram_quantile(0.95, sum by (le, endpoint) "
                        + "(rate(app_request_duration_seconds_bucket{job=\"order-service\"}[5m])))");
        assertRecordedEqualsQuery("job:app_requests_errors:ratio_rate5m",
                "sum(rate(app_requests_total{job=\"order-service\", status=~\"5..\"}[5m]))"
                        + " / sum(rate(app_requests_total{job=\"order-service\"}[5m]))");
    }

    @Test
    void theRecordedRatesAndRatiosGiveTheTrafficSent() {
        // Rates are extrapolated to the window's edges, per series, so shares are compared within 10%.
        Map<String, Double> rates = byEndpoint(prometheus.query("endpoint:app_requests:rate5m"));
        assertEquals(Set.of("/api/orders", "/api/orders/{id}", "unmatched"), rates.keySet());
        double allRates = rates.values().stream().mapToDouble(Double::doubleValue).sum();
        for (String endpoint : rates.keySet()) {
            double expectedShare = mainTraffic(endpoint) / (double) mainTraffic(null);
            assertClose(expectedShare, rates.get(endpoint) / allRates, 0.1, "share of " + endpoint);
        }

        double errors = Kind.FAILED.count + Kind.UNAVAILABLE.count;
        assertClose(errors / mainTraffic(null), value(prometheus.query("job:app_requests_errors:ratio_rate5m").get(0)),
                0.1, "error ratio");

        // The recorded p95 lies within the buckets the endpoint's requests landed in (its value is the query's, as
        // theRecordingRulesEqualTheQueriesTheyPrecompute proves, and that query over the buckets is checked below).
        Map<String, Double> p95 = byEndpoint(prometheus.query("endpoint:app_request_duration_seconds:p95_5m"));
        assertEquals(rates.keySet(), p95.keySet());
        Map<String, TreeMap<Double, Double>> buckets = cumulativeBuckets(Scrape.now());
        p95.forEach((endpoint, seconds) -> {
            TreeMap<Double, Double> cumulative = buckets.get(endpoint);
            double highest = cumulative.entrySet().stream().filter(b -> b.getValue() >= cumulative.lastEntry().getValue())
                    .mapToDouble(Map.Entry::getKey).min().orElseThrow();
            assertTrue(seconds > 0 && seconds <= highest, endpoint + " p95 " + seconds + " past " + highest
                    + ", the bucket that holds all its requests: " + buckets.get(endpoint));
        });

        // rate() extrapolates each series to the window's start by its own first value: a slow request before the
        // traffic (the first ones often are) sets the bucket and the count series apart there, by up to ~0.02.
        double slow = value(prometheus.query("job:app_requests_slow:ratio_rate5m").get(0));
        assertTrue(Math.abs(slow - slowShare) <= 0.02 + 0.1 * slowShare,
                "slow ratio: the service counted " + slowShare + ", Prometheus has " + slow);
    }

    /**
     * histogram_quantile over the buckets Prometheus scraped gives each endpoint's p95 in the bucket where the service
     * counted the request of that rank, interpolated as the service's own buckets give it; and that bucket starts
     * below the client's own p95 round trip (a request's duration as the service measured it is within its round
     * trip, so the k-th shortest of them is too). Wrong buckets, a wrong unit or lost observations fail one of these.
     */
    @Test
    void theP95OverTheScrapedBucketsIsInTheBucketWhereTheRequestOfThatRankLanded() {
        Map<String, TreeMap<Double, Double>> service = cumulativeBuckets(Scrape.now());
        Map<String, Double> quantiles = byEndpoint(prometheus.query("histogram_quantile(0.95, sum by (le, endpoint) "
                + "(app_request_duration_seconds_bucket{job=\"order-service\"}))"));
        assertEquals(service.keySet(), quantiles.keySet());
        for (String endpoint : service.keySet()) {
            TreeMap<Double, Double> cumulative = service.get(endpoint);
            double count = cumulative.lastEntry().getValue();
            assertEquals(mainTraffic(endpoint) + warmUp(endpoint), count, "requests in the histogram of " + endpoint);
            double rank = 0.95 * count;
            Map.Entry<Double, Double> bucket = cumulative.entrySet().stream().filter(b -> b.getValue() >= rank)
                    .findFirst().orElseThrow();
            assertTrue(Double.isFinite(bucket.getKey()), endpoint + ": the p95 request is past every bucket");
            Map.Entry<Double, Double> below = cumulative.lowerEntry(bucket.getKey());
            double lower = below == null ? 0 : below.getKey();
            double countBelow = below == null ? 0 : below.getValue();
            double expected = lower + (bucket.getKey() - lower) * (rank - countBelow) / (bucket.getValue() - countBelow);
            double quantile = quantiles.get(endpoint);
            assertEquals(expected, quantile, 1e-9 * expected, endpoint + " p95 over " + cumulative);
            assertTrue(quantile > lower && quantile <= bucket.getKey(),
                    endpoint + " p95 " + quantile + " outside (" + lower + ", " + bucket.getKey() + "]");

            List<Double> trips = roundTrips.get(endpoint).stream().sorted().toList();
            assertEquals(count, trips.size(), "round trips timed for " + endpoint);
            double clientAtRank = trips.get((int) Math.ceil(rank) - 1);
            assertTrue(lower < clientAtRank, endpoint + ": the service counted the request of rank " + rank
                    + " above " + lower + " s, but the client had that many round trips within " + clientAtRank + " s");
        }
    }

    @Test
    void theErrorsMakeHighErrorRateAndEveryErrorBudgetAlertPending() {
        JsonNode alerts = prometheus.await("HighErrorRate and the 4 error-budget alerts", WAIT, prometheus::alerts,
                all -> active(all, "HighErrorRate").size() == 1 && active(all, "OrderServiceErrorBudgetBurn").size() == 4);

        JsonNode high = active(alerts, "HighErrorRate").get(0);
        assertTrue(Set.of("pending", "firing").contains(high.path("state").asText()));
        assertEquals(JOB, high.path("labels").path("job").asText());
        assertEquals("critical", high.path("labels").path("severity").asText());
        assertTrue(high.path("annotations").path("runbook_url").asText().endsWith("#higherrorrate"));

        Set<String> windows = new TreeSet<>();
        active(alerts, "OrderServiceErrorBudgetBurn").forEach(a -> windows.add(a.path("labels").path("long").asText()));
        assertEquals(Set.of("1h", "6h", "1d", "3d"), windows);
        assertTrue(active(alerts, "OrderServiceDown").isEmpty(), "the service is up");
    }

    @Test
    void aTracedRequestIsAnExemplarOfTheSeriesItWasCountedIn() {
        for (String series : List.of("app_request_duration_seconds_bucket", "app_requests_total")) {
            JsonNode exemplars = prometheus.exemplars(series + "{job=\"order-service\", endpoint=\"/api/orders\"}");
            Set<String> traceIds = new TreeSet<>();
            exemplars.forEach(s -> s.path("exemplars").forEach(e -> traceIds.add(e.path("labels").path("trace_id").asText())));
            assertTrue(traceIds.contains(TRACE_ID), series + " exemplars: " + exemplars);
        }
    }

    @Test
    void everyDashboardQueryIsAcceptedByPrometheusAndShowsData() {
        for (String expr : Dashboard.shipped().expressions()) {
            JsonNode answer = prometheus.queryAnswer(expr, System.currentTimeMillis() / 1000.0);
            assertEquals("success", answer.path("status").asText(), expr + " → " + answer);
            // Micrometer registers the GC pause timer at the first collection, which a short run may not have had.
            // This run uses the in-memory store: the order store panels have data only with PostgreSQL.
            if (!expr.contains("jvm_gc_pause") && !Dashboard.needsPostgres(expr)) {
                assertFalse(answer.path("data").path("result").isEmpty(), "no data for " + expr);
            }
        }
    }

    // --- traffic -----------------------------------------------------------------------------------------------

    static void send(Kind kind, int times) {
        for (int i = 0; i < times; i++) {
            RequestSpecification request = given();
            if (kind.fault != null) {
                request = request.header(FaultInjection.HEADER, kind.fault);
            }
            if (kind.method.equals("POST")) {
                request = request.contentType("application/json").body(VALID_ORDER);
            }
            long start = System.nanoTime();
            request.request(kind.method, kind.path != null ? kind.path : orderPath).then().statusCode(kind.status);
            roundTrip(kind, start);
        }
        record(kind, times);
    }

    static void roundTrip(Kind kind, long startNanos) {
        roundTrips.computeIfAbsent(kind.endpoint, e -> new ArrayList<>())
                .add((System.nanoTime() - startNanos) / 1e9);
    }

    /** Requests of the warm-up (one of each kind, before Prometheus started) to this endpoint. */
    static int warmUp(String endpoint) {
        return (int) Arrays.stream(Kind.values()).filter(k -> k.endpoint.equals(endpoint)).count();
    }

    /** The service's own histogram, by endpoint: upper bound (+Inf included) → requests at or below it. */
    static Map<String, TreeMap<Double, Double>> cumulativeBuckets(Scrape scrape) {
        Map<String, TreeMap<Double, Double>> buckets = new TreeMap<>();
        for (Scrape.Sample sample : scrape.samples()) {
            if (sample.name().equals("app_request_duration_seconds_bucket")) {
                String le = sample.labels().get("le");
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.computeIfAbsent(sample.labels().get("endpoint"), e -> new TreeMap<>())
                        .merge(bound, sample.value(), Double::sum);
            }
        }
        return buckets;
    }

    static void record(Kind kind, int times) {
        sent.merge(kind.endpoint + " " + kind.status, times, Integer::sum);
    }

    /** 1 - (requests within the threshold / all requests) between two scrapes of the service, over every endpoint. */
    static double slowShare(Scrape before, Scrape after) {
        String threshold = ApplicationConfig.value("app.metrics.latency-slo-seconds");
        double within = 0;
        for (Scrape.Sample sample : after.samples()) {
            if (sample.name().equals("app_request_duration_seconds_bucket")
                    && threshold.equals(sample.labels().get("le"))) {
                String endpoint = sample.labels().get("endpoint");
                within += sample.value() - before.value(sample.name(), "endpoint", endpoint, "le", threshold);
            }
        }
        double all = after.sum("app_request_duration_seconds_count") - before.sum("app_request_duration_seconds_count");
        assertEquals(mainTraffic(null), all, "requests the service measured");
        return 1 - within / all;
    }

    static int total() {
        return sent.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Requests of the main traffic to this endpoint, or to all of them for null. */
    static int mainTraffic(String endpoint) {
        return Arrays.stream(Kind.values()).filter(k -> endpoint == null || k.endpoint.equals(endpoint))
                .mapToInt(k -> k.count).sum();
    }

    // --- Prometheus --------------------------------------------------------------------------------------------

    static Path writeConfig(int servicePort) {
        return PrometheusServer.writeConfig(RuleFiles.write(dir), servicePort, 0, Map.of());
    }

    static void awaitScrapedTotal(int expected) {
        prometheus.await("Prometheus to scrape " + expected + " requests", WAIT,
                () -> prometheus.query("sum(app_requests_total{job=\"order-service\"})"),
                result -> result.size() == 1 && value(result.get(0)) == expected);
    }

    /**
     * The recorded series equal the query evaluated at the time the rule was evaluated. Retried for a while: a scrape
     * that lands in the same millisecond as a rule evaluation can make the two see different samples.
     */
    static void assertRecordedEqualsQuery(String record, String query) {
        Awaitility.await(record + " equal to " + query).atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    double time = value(prometheus.query("max(timestamp(" + record + "))").get(0));
                    Map<String, Double> recorded = byEndpoint(prometheus.query(record, time));
                    Map<String, Double> computed = byEndpoint(prometheus.query(query, time));
                    assertFalse(recorded.isEmpty(), record + " has no value");
                    assertTrue(recorded.keySet().equals(computed.keySet()) && recorded.keySet().stream().allMatch(
                                    k -> Math.abs(recorded.get(k) - computed.get(k)) <= 1e-9 * Math.abs(computed.get(k))),
                            record + " = " + recorded + " but " + query + " = " + computed + " at " + time);
                });
    }

    static Map<String, Double> byEndpoint(JsonNode result) {
        Map<String, Double> values = new TreeMap<>();
        result.forEach(series -> values.put(series.path("metric").path("endpoint").asText(), value(series)));
        return values;
    }

    static double value(JsonNode series) {
        return Double.parseDouble(series.path("value").get(1).asText());
    }

    static List<JsonNode> active(JsonNode alerts, String name) {
        return StreamSupport.stream(alerts.spliterator(), false)
                .filter(a -> name.equals(a.path("labels").path("alertname").asText())).toList();
    }

    static void assertClose(double expected, double actual, double relative, String what) {
        assertTrue(Math.abs(actual - expected) <= relative * expected,
                what + ": expected " + expected + " within " + (relative * 100) + "%, was " + actual);
    }
}
