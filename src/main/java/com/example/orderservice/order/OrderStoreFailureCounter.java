package com.example.orderservice.order;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code app_order_store_errors_total{operation}}: failed store operations ({@code save}, {@code find}, and the
 * readiness {@code check}). The checks keep it moving while the database is down even when readiness has taken every
 * replica out of traffic, so the OrderStoreFailing alert stays firing for as long as the outage lasts.
 */
@Singleton
public class OrderStoreFailureCounter {

    static final String METRIC = "app.order.store.errors";

    private final MeterRegistry registry;

    OrderStoreFailureCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The counter of one operation. The PostgreSQL store creates its counters when it starts, so they exist at 0
     * before the first failure and rate() and increase() see that failure too.
     */
    Counter of(String operation) {
        return Counter.builder(METRIC)
                .description("Order store operations that failed, by operation")
                .tag("operation", operation)
                .register(registry);
    }
}
