package com.example.orderservice.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * With Micrometer switched off at build time ({@code quarkus.micrometer.enabled=false}, as bench/ does to measure what
 * the metrics cost) Quarkus provides no {@link MeterRegistry}. Beans that register a meter of their own (the store's
 * error counter, the in-flight gauge) then get an empty composite registry, whose meters count nothing, instead of
 * failing the build; the request meters, their filters and {@code /metrics} are absent altogether.
 */
public class MetricsOff {

    @Produces
    @Singleton
    @IfBuildProperty(name = "quarkus.micrometer.enabled", stringValue = "false")
    MeterRegistry noRegistry() {
        return new CompositeMeterRegistry();
    }
}
