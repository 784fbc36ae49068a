package com.example.orderservice.metrics;

import jakarta.inject.Singleton;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.quarkus.arc.properties.IfBuildProperty;
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
 * being answered when the worker pool is busy. The request pipeline routes {@link #PATH} here; without Micrometer
 * (switched off at build time) there is no {@code /metrics}.
 */
@Singleton
@IfBuildProperty(name = "quarkus.micrometer.enabled", stringValue = "true", enableIfMissing = true)
public class MetricsEndpoint {

    public static final String PATH = "/metrics";

    private final PrometheusMeterRegistry registry;

    MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public void scrape(RoutingContext context) {
        String contentType = negotiate(context.request().getHeader(HttpHeaders.ACCEPT));
        context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .end(registry.scrape(contentType));
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
