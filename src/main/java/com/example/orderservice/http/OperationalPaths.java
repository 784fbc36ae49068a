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

    static boolean matches(String path) {
        return path.equals(MetricsEndpoint.PATH) || path.startsWith("/q/");
    }
}
