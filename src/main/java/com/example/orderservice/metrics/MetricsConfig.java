package com.example.orderservice.metrics;

import java.util.List;

import io.smallrye.config.ConfigMapping;

/** Settings of the request metrics; see application.properties for why the defaults are what they are. */
@ConfigMapping(prefix = "app.metrics")
public interface MetricsConfig {

    /** Upper bounds, in seconds, of the {@code app_request_duration_seconds} histogram buckets. */
    List<Double> durationBuckets();

    /**
     * The latency SLO threshold in seconds, written by the build from the one value the rules and the dashboard are
     * built with; must be one of the buckets, or the SLO cannot be computed.
     */
    double latencySloSeconds();
}
