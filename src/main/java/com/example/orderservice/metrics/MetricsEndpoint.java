package com.example.orderservice.metrics;

import jakarta.inject.Singleton;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /metrics}, where scrapers configured for the client-library examples look, with real content negotiation
 * (Vert.x Web's): Prometheus asks for OpenMetrics first
 * ({@code application/openmetrics-text;version=1.0.0,...,text/plain;version=0.0.4;q=0.5}), and gets it; a client that
 * prefers or only accepts {@code text/plain}, or sends no {@code Accept}, gets the classic text format. The built-in
 * Quarkus endpoint (which comes with the registry at {@code /q/metrics}) answers an explicit OpenMetrics request with
 * 406 and Prometheus' own Accept header with text, which is why this one exists.
 * <p>
 * Rendering is CPU work on an in-memory registry, so it runs on the event loop: no worker-thread hop, and scrapes keep
 * being answered when the worker pool is busy. The request pipeline has {@link #route} add its routes.
 */
@Singleton
public class MetricsEndpoint {

    public static final String PATH = "/metrics";

    private static final String TEXT = "text/plain";
    private static final String OPENMETRICS = "application/openmetrics-text";
    /** What separates a sample from its exemplar in OpenMetrics. */
    private static final String EXEMPLAR = " # {";

    private final PrometheusMeterRegistry registry;

    MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The routes of {@link #PATH}, in the order they are tried. Vert.x Web negotiates the format from the route's
     * {@code produces} list: the text format first, so that {@code *}/{@code *} gets it, and Prometheus, which ranks
     * OpenMetrics highest, gets OpenMetrics. An {@code Accept} that names neither still gets the text format, from the
     * last route: RFC 9110 lets a server disregard {@code Accept}, and a scrape answered 406 is a gap in every graph
     * for an operator to chase, while the text format is what every Prometheus-compatible scraper reads.
     */
    public void route(Router router) {
        router.get(PATH).handler(this::unlessAcceptIsUnparsable);
        router.get(PATH).produces(TEXT).produces(OPENMETRICS).handler(this::negotiated);
        router.get(PATH).handler(this::negotiated);
    }

    /**
     * Vert.x Web parses {@code Accept} (and, with it, {@code Accept-Charset}, {@code -Encoding} and {@code -Language})
     * lazily, and its parser throws on some malformed values (an unterminated quoted parameter: {@code text/plain;a="});
     * while matching a route with {@code produces}, the router answers that with a 500 before any handler runs. So
     * they are parsed here first, and a request with one that cannot be parsed gets the text format, as if it had
     * sent no {@code Accept}.
     */
    private void unlessAcceptIsUnparsable(RoutingContext context) {
        try {
            context.parsedHeaders().accept().forEach(MIMEHeader::value);
        } catch (RuntimeException unparsable) {
            scrape(context, TextFormat.CONTENT_TYPE_004);
            return;
        }
        context.next();
    }

    private void negotiated(RoutingContext context) {
        scrape(context, OPENMETRICS.equals(context.getAcceptableContentType())
                ? TextFormat.CONTENT_TYPE_OPENMETRICS_100
                : TextFormat.CONTENT_TYPE_004);
    }

    private void scrape(RoutingContext context, String contentType) {
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
}
