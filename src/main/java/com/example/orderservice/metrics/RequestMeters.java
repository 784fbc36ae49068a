package com.example.orderservice.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The two request meter families, named as in the Prometheus client-library examples so that existing dashboards
 * and alerts work unchanged: {@code app_requests_total{method,endpoint,status}} and
 * {@code app_request_duration_seconds{endpoint}}.
 * <p>
 * Every request records into both, so the lookup is allocation-free once a label combination has been seen: one map
 * lookup by endpoint (a route template, whose hash code the string caches), then an array slot by method and status.
 * Building a Micrometer meter ID per request instead costs more than the rest of the request (see bench/RESULTS.md).
 */
@ApplicationScoped
public class RequestMeters {

    static final String REQUESTS = "app.requests";
    static final String DURATION = "app.request.duration";
    /** The {@code method} label for anything outside the standard methods, so hostile methods add no series. */
    static final String OTHER_METHOD = "OTHER";
    private static final List<String> KNOWN_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** HTTP status codes have three digits; anything else (this service sends none) is counted as 999. */
    private static final int STATUS_SLOTS = 1000;

    private final MeterRegistry registry;
    private final Duration[] buckets;
    private final Map<String, EndpointMeters> endpoints = new ConcurrentHashMap<>();

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
        EndpointMeters meters = endpoints.get(endpoint);
        if (meters == null) {
            meters = endpoints.computeIfAbsent(endpoint, EndpointMeters::new);
        }
        meters.counter(methodIndex(method), status).increment();
        meters.timer.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    /** The index of the method in {@link #KNOWN_METHODS}, or its size for {@link #OTHER_METHOD}. */
    private static int methodIndex(String method) {
        int index = KNOWN_METHODS.indexOf(method);
        return index >= 0 ? index : KNOWN_METHODS.size();
    }

    private static String methodName(int index) {
        return index < KNOWN_METHODS.size() ? KNOWN_METHODS.get(index) : OTHER_METHOD;
    }

    /** The meters of one route template; counters are created on first use of a (method, status) pair. */
    private final class EndpointMeters {

        private final String endpoint;
        private final Timer timer;
        private final AtomicReferenceArray<Counter> counters =
                new AtomicReferenceArray<>((KNOWN_METHODS.size() + 1) * STATUS_SLOTS);

        EndpointMeters(String endpoint) {
            this.endpoint = endpoint;
            this.timer = Timer.builder(DURATION)
                    .description("Time from the request's arrival to the end of its response, by route template")
                    .tag("endpoint", endpoint)
                    .serviceLevelObjectives(buckets)
                    .register(registry);
        }

        Counter counter(int method, int status) {
            int code = status >= 0 && status < STATUS_SLOTS ? status : STATUS_SLOTS - 1;
            int slot = method * STATUS_SLOTS + code;
            Counter counter = counters.get(slot);
            if (counter == null) {
                // Registering twice is harmless: the registry returns the meter it already holds for the same ID.
                counter = Counter.builder(REQUESTS)
                        .description("Requests to the API, by method, route template and status code")
                        .tag("method", methodName(method))
                        .tag("endpoint", endpoint)
                        .tag("status", Integer.toString(code))
                        .register(registry);
                counters.set(slot, counter);
            }
            return counter;
        }
    }
}
