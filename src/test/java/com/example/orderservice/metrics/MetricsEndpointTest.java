package com.example.orderservice.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.example.orderservice.RawHttp;
import com.example.orderservice.TestOrders;

import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code /metrics}: the format each scraper asks for, the text format for any {@code Accept} however hostile (never a
 * 500), and only the exemplars every Prometheus accepts.
 */
@QuarkusTest
public class MetricsEndpointTest {

    /** The Accept header Prometheus sends when it scrapes. */
    static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    static final String TEXT = "text/plain; version=0.0.4";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "text/plain; version=0.0.4 | " + TEXT,
            "text/plain                | " + TEXT,
            "''                        | " + TEXT,
            "*/*                       | " + TEXT,
            "text/*                    | " + TEXT,
            "application/openmetrics-text; version=1.0.0 | " + OPENMETRICS,
            "application/openmetrics-text                | " + OPENMETRICS,
            "application/*                               | " + OPENMETRICS,
            "application/openmetrics-text;q=0.2,text/plain;q=0.9 | " + TEXT,
            "text/plain;q=0.2,application/openmetrics-text;q=0.9 | " + OPENMETRICS,
            // Names neither format: the text format rather than a 406 (MetricsEndpoint says why).
            "application/json          | " + TEXT,
            "image/png, text/html      | " + TEXT,
    })
    void negotiatesTheExpositionFormat(String accept, String expected) {
        given().header("Accept", accept).get("/metrics").then().statusCode(200)
                .contentType(startsWith(expected))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void servesOpenMetricsToPrometheus() {
        given().contentType("application/json").body(TestOrders.VALID).post("/api/orders").then().statusCode(201);
        given().header("Accept", PROMETHEUS_ACCEPT).get("/metrics").then().statusCode(200)
                .contentType(startsWith(OPENMETRICS))
                .body(containsString("# TYPE app_requests counter"),
                        containsString("# TYPE app_request_duration_seconds histogram"),
                        endsWith("# EOF\n"));
    }

    static Stream<String> hostileAcceptHeaders() {
        String huge = IntStream.range(0, 700).mapToObj(i -> "application/x-" + i + ";q=0.5")
                .collect(Collectors.joining(","));
        return Stream.of(";;;", ",,,", ", ,", ";", "/", "\"", "q=abc", "text/plain;q=abc;q", "*/*;q=", "a/b;=;=",
                "text/plain;a=\"", "application/openmetrics-text, text/plain;a=\"", "text/plain;;;q=0.5;;",
                "text/plain;q=-1,application/openmetrics-text;q=NaN", huge);
    }

    /** Vert.x Web's own parser throws on some of these; every one must still get a scrape, and none is counted. */
    @ParameterizedTest
    @MethodSource("hostileAcceptHeaders")
    void anyAcceptHeaderGetsAScrape(String accept) throws Exception {
        Scrape before = Scrape.now();
        HttpResponse<String> scrape = RawHttp.client().send(HttpRequest.newBuilder(RawHttp.uri("/metrics"))
                .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode(), scrape.body());
        assertTrue(scrape.body().contains("jvm_memory_used_bytes"), scrape.body());
        assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")
                || scrape.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        // One API request after it: once that is counted, a count of the scrape would be too.
        given().get("/api/orders/no-such-order").then().statusCode(404);
        Scrape after = Scrape.afterRequests(before, 1);
        assertEquals(1.0, after.sum("app_requests_total") - before.sum("app_requests_total"));
    }

    /** An unparsable Accept-Language makes Vert.x Web fail to parse Accept as well: the text format all the same. */
    @Test
    void anUnparsableAcceptLanguageGetsTheTextFormat() {
        given().header("Accept", "application/openmetrics-text").header("Accept-Language", "fr, en;a=\"")
                .get("/metrics").then().statusCode(200).contentType(startsWith(TEXT));
    }

    @Test
    void keepsTheExemplarsOfBucketsAndCountersOnly() {
        String scraped = """
                # TYPE d histogram
                d_bucket{endpoint="/a",le="0.5"} 1.0 # {span_id="s",trace_id="t"} 0.2 1.7E9
                d_count{endpoint="/a"} 1.0 # {span_id="s",trace_id="t"} 1.0 1.7E9
                d_sum{endpoint="/a"} 0.2
                c_total{endpoint="/b # {c}"} 3.0 # {trace_id="t"} 1.0 1.7E9
                g{endpoint="/g # {x} \\" # {y}"} 2.0
                s_count 4.0 # {trace_id="t"} 1.0
                # EOF
                """;
        assertEquals("""
                # TYPE d histogram
                d_bucket{endpoint="/a",le="0.5"} 1.0 # {span_id="s",trace_id="t"} 0.2 1.7E9
                d_count{endpoint="/a"} 1.0
                d_sum{endpoint="/a"} 0.2
                c_total{endpoint="/b # {c}"} 3.0 # {trace_id="t"} 1.0 1.7E9
                g{endpoint="/g # {x} \\" # {y}"} 2.0
                s_count 4.0
                # EOF
                """, MetricsEndpoint.withExemplarsWherePrometheusReadsThem(scraped));
    }

    @Test
    void anExpositionWithoutExemplarsPassesUnchanged() {
        String scraped = "# TYPE c counter\nc_total 1.0\n# EOF\n";
        assertSame(scraped, MetricsEndpoint.withExemplarsWherePrometheusReadsThem(scraped));
    }
}
