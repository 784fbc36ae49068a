package com.example.orderservice.metrics;

import jakarta.inject.Singleton;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /metrics}, where scrapers configured for the client-library examples look, with real content negotiation:
 * Prometheus asks for OpenMetrics first
 * ({@code application/openmetrics-text;version=1.0.0,...,text/plain;version=0.0.4;q=0.5}), and gets it; a client that
 * prefers or only accepts {@code text/plain} gets the classic text format. The built-in Quarkus endpoint (which comes
 * with the registry at {@code /q/metrics}) answers an explicit OpenMetrics request with 406 and Prometheus' own Accept
 * header with text, which is why this one exists.
 * <p>
 * Rendering is CPU work on an in-memory registry, so it runs on the event loop: no worker-thread hop, and scrapes keep
 * being answered when the worker pool is busy. The request pipeline routes {@link #PATH} here.
 */
@Singleton
public class MetricsEndpoint {

    public static final String PATH = "/metrics";

    /** What separates a sample from its exemplar in OpenMetrics. */
    private static final String EXEMPLAR = " # {";

    private final PrometheusMeterRegistry registry;

    MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public void scrape(RoutingContext context) {
        String contentType = negotiate(context.request().getHeader(HttpHeaders.ACCEPT));
        String exposition = registry.scrape(contentType);
        if (contentType.equals(TextFormat.CONTENT_TYPE_OPENMETRICS_100)) {
            exposition = withExemplarsWherePrometheusReadsThem(exposition);
        }
        context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .end(exposition);
    }

    /**
     * Only histogram buckets and counters may carry an exemplar in OpenMetrics 1.0, and Prometheus before 2.43 (Debian
     * 12's, for one) answers any other with "does not support exemplars" and drops the whole scrape. With tracing on,
     * Micrometer also puts one on every histogram's {@code _count}, and its registry has no switch for it; so this
     * removes those, leaving the buckets' and the counters' exemplars, which carry the same trace ids. Without tracing
     * there are no exemplars and the exposition is passed on as it is.
     */
    static String withExemplarsWherePrometheusReadsThem(String exposition) {
        int marker = exposition.indexOf(EXEMPLAR);
        if (marker < 0) {
            return exposition;
        }
        StringBuilder kept = new StringBuilder(exposition.length());
        int line = 0;
        while (line < exposition.length()) {
            int next = exposition.indexOf('\n', line) + 1;
            if (next == 0) {
                next = exposition.length();
            }
            if (marker >= 0 && marker < line) {
                marker = exposition.indexOf(EXEMPLAR, line);
            }
            // Only lines with a marker are looked at closely: a few dozen of a scrape's hundreds.
            int cut = marker >= 0 && marker < next ? misplacedExemplar(exposition, line, next) : -1;
            if (cut < 0) {
                kept.append(exposition, line, next);
            } else {
                kept.append(exposition, line, cut).append('\n');
            }
            line = next;
        }
        return kept.toString();
    }

    /**
     * Where the sample line {@code [start, end)} has an exemplar its name may not carry (one neither {@code _bucket}
     * nor {@code _total}), after any quoted label values; -1 if it has none.
     */
    private static int misplacedExemplar(String exposition, int start, int end) {
        if (exposition.charAt(start) == '#') {
            return -1;
        }
        int i = start;
        while (i < end && exposition.charAt(i) != '{' && exposition.charAt(i) != ' ') {
            i++;
        }
        String name = exposition.substring(start, i);
        if (name.endsWith("_bucket") || name.endsWith("_total")) {
            return -1;
        }
        if (i < end && exposition.charAt(i) == '{') {
            boolean quoted = false;
            for (i++; i < end; i++) {
                char c = exposition.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == '}' && !quoted) {
                    break;
                }
            }
        }
        int exemplar = exposition.indexOf(EXEMPLAR, i);
        return exemplar >= 0 && exemplar < end ? exemplar : -1;
    }

    /** OpenMetrics when the client ranks it at least as high as the text format; the text format otherwise. */
    static String negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return TextFormat.CONTENT_TYPE_004;
        }
        double openMetrics = 0;
        double text = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase();
            double quality = quality(parts);
            if (type.equals("application/openmetrics-text")) {
                openMetrics = Math.max(openMetrics, quality);
            } else if (type.equals("text/plain") || type.equals("text/*") || type.equals("*/*")) {
                text = Math.max(text, quality);
            }
        }
        return openMetrics > 0 && openMetrics >= text ? TextFormat.CONTENT_TYPE_OPENMETRICS_100 : TextFormat.CONTENT_TYPE_004;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2));
                } catch (NumberFormatException malformed) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
