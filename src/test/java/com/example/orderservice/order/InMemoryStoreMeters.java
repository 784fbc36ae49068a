package com.example.orderservice.order;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * The Prometheus text of the in-memory store's own meters, registered by the store's own code on a registry of its
 * own: for tests that run the service with PostgreSQL, whose scrape does not have them.
 */
public final class InMemoryStoreMeters {

    private InMemoryStoreMeters() {
    }

    public static String scrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new InMemoryOrderStore(1024 * 1024, registry);
        return registry.scrape();
    }
}
