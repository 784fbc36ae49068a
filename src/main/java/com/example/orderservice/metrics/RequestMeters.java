package com.example.orderservice.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The two request meter families, named as in the Prometheus client-library examples so that existing dashboards
 * and alerts work unchanged: {@code app_requests_total{method,endpoint,status}} and
 * {@code app_request_duration_seconds{endpoint}}.
 * <p>
 * Meters are looked up once per label combination and then served from a map: building a Micrometer meter ID per
 * request would cost more than the request itself.
 */
@ApplicationScoped
public class RequestMeters {

    static final String REQUESTS = "app.requests";
    static final String DURATION = "app.request.duration";
    /** The {@code method} label for anything outside the standard methods, so hostile methods add no series. */
    static final String OTHER_METHOD = "OTHER";
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final MeterRegistry registry;
    private final Duration[] buckets;
    private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    RequestMeters(MeterRegistry registry, MetricsConfig config) {
        if (!config.durationBuckets().contains(config.latencySloSeconds())) {
            throw new IllegalStateException("app.metrics.latency-slo-seconds=" + config.latencySloSeconds()
                    + " must be one of app.metrics.duration-buckets " + config.durationBuckets());
        }
        this.registry = registry;
        this.buckets = config.durationBuckets().stream()
                .map(seconds -> Duration.ofNanos(Math.round(seconds * 1e9)))
                .toArray(Duration[]::new);
    }

    public void record(String method, String endpoint, int status, long durationNanos) {
        counters.computeIfAbsent(new CounterKey(boundedMethod(method), endpoint, status), this::newCounter).increment();
        timers.computeIfAbsent(endpoint, this::newTimer).record(durationNanos, TimeUnit.NANOSECONDS);
    }

    static String boundedMethod(String method) {
        return KNOWN_METHODS.contains(method) ? method : OTHER_METHOD;
    }

    private Counter newCounter(CounterKey key) {
        return Counter.builder(REQUESTS)
                .description("Requests to the API, by method, route template and status code")
                .tag("method", key.method())
                .tag("endpoint", key.endpoint())
                .tag("status", Integer.toString(key.status()))
                .register(registry);
    }

    private Timer newTimer(String endpoint) {
        return Timer.builder(DURATION)
                .description("Time from the request's arrival to the end of its response, by route template")
                .tag("endpoint", endpoint)
                .serviceLevelObjectives(buckets)
                .register(registry);
    }

    private record CounterKey(String method, String endpoint, int status) {
    }
}
