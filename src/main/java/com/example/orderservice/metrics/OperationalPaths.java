package com.example.orderservice.metrics;

/**
 * Scrapes and probes: not API traffic. They are neither counted (counting them would skew the request rate and the
 * SLOs) nor shed under overload (a pod that stops answering its probes gets killed or unrouted exactly when it is
 * busiest, and a silent {@code /metrics} hides the overload from its operators).
 */
public final class OperationalPaths {

    private OperationalPaths() {
    }

    public static boolean matches(String path) {
        return path.equals(MetricsEndpoint.PATH) || path.startsWith("/q/");
    }
}
