package com.example.orderservice.http;

import com.example.orderservice.metrics.MetricsEndpoint;

/**
 * Scrapes and probes: not API traffic. They are neither counted (counting them would skew the request rate and the
 * SLOs) nor shed under overload (a pod that stops answering its probes gets killed or unrouted exactly when it is
 * busiest, and a silent {@code /metrics} hides the overload from its operators).
 */
final class OperationalPaths {

    private OperationalPaths() {
    }

    /**
     * {@code /metrics/} is {@code /metrics}: Vert.x Web serves an exact route with or without a trailing slash, so a
     * scraper whose metrics path ends in one is served, and its scrapes are no more API traffic than the others.
     */
    static boolean matches(String path) {
        return path.startsWith("/q/") || path.startsWith(MetricsEndpoint.PATH)
                && (path.length() == MetricsEndpoint.PATH.length()
                        || path.length() == MetricsEndpoint.PATH.length() + 1 && path.endsWith("/"));
    }
}
