package com.example.orderservice.monitoring;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import com.example.orderservice.TestOrders;
import com.example.orderservice.Docs;
import com.example.orderservice.kubernetes.Manifests;
import com.example.orderservice.metrics.Scrape;
import com.example.orderservice.order.InMemoryStoreMeters;
import com.example.orderservice.order.PostgresResource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Every metric name that README.md and docs/ name is one the service exposes (read from its scrape, with the
 * PostgreSQL store, whose pool and client metrics the docs name too, and from the in-memory store's own meters), a
 * recording rule of src/main/monitoring/, or the metric prometheus-adapter serves; and what the docs name as left out
 * is not exposed.
 */
@QuarkusTest
@TestProfile(PostgresResource.WithPostgres.class)
class DocumentedMetricsTest {

    /** A metric name of the service's families, not part of a longer name, a property or a path. */
    private static final Pattern METRIC = Pattern.compile("(?<![\\w.:/$-])((?:app|jvm|process|system|http|worker_pool"
            + "|sql_pool|postgresql|netty)_[a-z0-9_]*)");
    /** A recording rule's name, level:metric:operations. */
    private static final Pattern RULE = Pattern.compile("(?<![\\w.:/$-])([a-z_]+:[a-z0-9_]+:[a-z0-9_]+)");
    /** Braces after a name that are not label matchers: {5m,30m,1h}, {...}, or the label names {endpoint,le}. */
    private static final Pattern EXPANSION = Pattern.compile("\\{[^}=]*}");
    /**
     * What the docs say the service does not expose: Quarkus' defaults it trims (docs/metrics.md) and a name it
     * warns of. Each must be named in the docs and absent from the scrape.
     */
    private static final Set<String> DOCUMENTED_AS_ABSENT = Set.of("http_server_requests_seconds_*",
            "http_server_active_requests", "http_server_bytes_*", "http_server_connections_*", "netty_allocator_*",
            "netty_eventexecutor_*", "process_cpu_time_ns_total", "system_cpu", "sql_pool_queue_size");

    /**
     * Some series appear only once something happened: the request metrics after a request, the pool's timers after
     * a query, the GC pauses after a collection. So an order is placed and read back, a collection requested, and
     * the scrape repeated (bounded) until every name is there.
     */
    @Test
    void everyMetricTheDocsNameIsExposedOrARecordingRule() {
        Map<String, Set<String>> named = namedInDocs();
        named.keySet().removeAll(DOCUMENTED_AS_ABSENT);
        assertTrue(named.keySet().containsAll(Set.of("app_requests_total", "app_request_duration_seconds_bucket",
                "jvm_memory_*", "sql_pool_active", "job:app_requests_errors:ratio_rate5m")),
                "the extraction finds the names it should: " + named.keySet());

        Set<String> known = new TreeSet<>();
        RuleFiles.plainGroups().forEach(group -> group.path("rules").forEach(rule -> {
            if (rule.has("record")) {
                known.add(rule.path("record").asText());
            }
        }));
        known.add(Manifests.prometheusAdapterRule().path("name").path("as").asText());
        // The in-memory store's gauges: the service runs here with PostgreSQL, which has its own.
        known.addAll(exposedNames(new Scrape(InMemoryStoreMeters.scrape())));

        String location = given().contentType("application/json").body(TestOrders.VALID).post("/api/orders")
                .then().statusCode(201).extract().header("Location");
        given().get(location).then().statusCode(200);
        System.gc();

        AtomicReference<Map<String, Set<String>>> missing = new AtomicReference<>();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200)).pollInSameThread().until(() -> {
                        Set<String> exposed = new TreeSet<>(known);
                        exposed.addAll(exposedNames(Scrape.now()));
                        Map<String, Set<String>> absent = new TreeMap<>(named);
                        absent.keySet().removeIf(name -> matchesAny(name, exposed));
                        missing.set(absent);
                        return absent.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            // The assertion says which names are missing, and where the docs name them.
        }
        assertEquals(Map.of(), missing.get(), "metric names in the docs that the service does not expose");
    }

    @Test
    void whatTheDocsSayIsLeftOutIsNotExposed() {
        assertTrue(namedInDocs().keySet().containsAll(DOCUMENTED_AS_ABSENT),
                "every name of the list is still named in the docs");
        Set<String> exposed = exposedNames(Scrape.now());
        for (String name : DOCUMENTED_AS_ABSENT) {
            assertTrue(!matchesAny(name, exposed), name + " is exposed");
        }
    }

    /**
     * The names of the scrape a query can select (its samples: {@code jvm_info_total}, not the family jvm_info), and
     * the family names of its histograms and summaries, by which the docs speak of them.
     */
    private static Set<String> exposedNames(Scrape scrape) {
        Set<String> names = new TreeSet<>();
        scrape.samples().forEach(sample -> names.add(sample.name()));
        scrape.types().forEach((family, type) -> {
            if (type.equals("histogram") || type.equals("summary")) {
                names.add(family);
            }
        });
        return names;
    }

    /** A name ending in * is a prefix; any other must be exposed as it is. */
    private static boolean matchesAny(String name, Set<String> exposed) {
        return name.endsWith("*") ? exposed.stream().anyMatch(e -> e.startsWith(name.substring(0, name.length() - 1)))
                : exposed.contains(name);
    }

    /**
     * Every metric and recording rule name in README.md and docs/, by the files that name it. A name the docs give as
     * a prefix ({@code jvm_memory_*}, {@code ratio_rate…}, {@code ratio_rate{5m,30m}}, {@code grep '^app_request'}),
     * or with its label names in braces, is kept as a prefix, ending in *.
     */
    private static Map<String, Set<String>> namedInDocs() {
        Map<String, Set<String>> named = new TreeMap<>();
        for (Path doc : Docs.files()) {
            String text = Docs.text(doc);
            for (Pattern pattern : new Pattern[] { METRIC, RULE }) {
                Matcher name = pattern.matcher(text);
                while (name.find()) {
                    char before = name.start() > 0 ? text.charAt(name.start() - 1) : ' ';
                    char after = name.end() < text.length() ? text.charAt(name.end()) : ' ';
                    boolean prefix = before == '^' || after == '*' || after == '…'
                            || EXPANSION.matcher(text).region(name.end(), text.length()).lookingAt();
                    named.computeIfAbsent(name.group(1) + (prefix ? "*" : ""), n -> new TreeSet<>())
                            .add(doc.toString());
                }
            }
        }
        return named;
    }
}
