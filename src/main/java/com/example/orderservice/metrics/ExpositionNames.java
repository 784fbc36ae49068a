package com.example.orderservice.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * Keeps names out of the scrape that Prometheus reads wrongly. Micrometer's {@code process.cpu.time} counts
 * nanoseconds, which the Prometheus registry exposes as {@code process_cpu_time_ns_total}: a unit Prometheus does not
 * use ({@code promtool check metrics} flags it), so {@code rate()} over it reads a billion times the CPU in seconds.
 * {@code process_cpu_usage} already reports the process' CPU. Quarkus' system binder has no switch for one of its
 * meters, hence a filter.
 */
public class ExpositionNames {

    @Produces
    @Singleton
    @IfBuildProperty(name = "quarkus.micrometer.enabled", stringValue = "true", enableIfMissing = true)
    MeterFilter withoutNanosecondCounters() {
        return MeterFilter.denyNameStartsWith("process.cpu.time");
    }
}
