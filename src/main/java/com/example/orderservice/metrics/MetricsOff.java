package com.example.orderservice.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * Lets the service build and run without Micrometer ({@code quarkus.micrometer.enabled=false}): the build bench/ needs
 * to measure what the metrics cost per request, against the 5% budget. Quarkus then provides no {@link MeterRegistry};
 * beans that register a meter of their own (the store's failure counter, the in-flight gauge) get an empty composite
 * registry, whose meters count nothing, instead of failing the build. The request metrics and {@code /metrics} are
 * absent altogether. Absent itself in every other build.
 */
public class MetricsOff {

    @Produces
    @Singleton
    @IfBuildProperty(name = "quarkus.micrometer.enabled", stringValue = "false")
    MeterRegistry noRegistry() {
        return new CompositeMeterRegistry();
    }
}
