package com.example.orderservice.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Quarkus' default meters that the scrape leaves out. Quarkus' binders switch whole groups on or off; these are single
 * meters of groups that otherwise stay, hence filters.
 */
public class DefaultMeters {

    /**
     * Micrometer's {@code process.cpu.time} counts nanoseconds, which the Prometheus registry exposes as
     * {@code process_cpu_time_ns_total}: a unit Prometheus does not use ({@code promtool check metrics} flags it), so
     * {@code rate()} over it reads a billion times the CPU in seconds. {@code process_cpu_usage} reports the same CPU.
     */
    @Produces
    @Singleton
    MeterFilter withoutNanosecondCounters() {
        return MeterFilter.denyNameStartsWith("process.cpu.time");
    }

    /**
     * The HTTP server binder is on only so that Micrometer keeps the Vert.x metrics (application.properties says
     * why), and it measures no request; what it would still record per connection and per request (bytes, active
     * requests and connections) repeats {@code app_*} and no dashboard or alert reads it.
     */
    @Produces
    @Singleton
    MeterFilter withoutHttpServerMeters() {
        return MeterFilter.denyNameStartsWith("http.server.");
    }

    /**
     * The reactive pool's {@code sql.pool.queue.size} never takes back a waiter whose connection attempt failed, so
     * after a database outage it shows waiting requests that do not exist, for good. The order store counts its
     * waiting operations itself ({@code app_order_store_connection_waiting}); the rest of {@code sql_pool_*} stays.
     */
    @Produces
    @Singleton
    MeterFilter withoutSqlPoolQueueSize() {
        return MeterFilter.deny(id -> id.getName().equals("sql.pool.queue.size"));
    }
}
