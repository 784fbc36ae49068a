package com.example.orderservice.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Chooses the store at start-up: PostgreSQL when the datasource is active ({@code quarkus.datasource.active=true}),
 * in memory otherwise. The pool is looked up, not injected, because injecting an inactive datasource fails the start.
 */
@ApplicationScoped
public class OrderStoreProducer {

    private static final Logger LOG = Logger.getLogger(OrderStoreProducer.class);
    private static final long MIB = 1024 * 1024;
    /** The rest of the heap is the service's own: the requests in flight and the collector's room to work. */
    static final double MAX_HEAP_SHARE = 0.9;

    /** At start-up rather than on the first request: the log then says from the start which store is in use. */
    @Produces
    @ApplicationScoped
    @Startup
    OrderStore orderStore(InjectableInstance<Pool> pool, OrderStoreFailureCounter failures, OrderStoreConfig config,
            MeterRegistry registry) {
        if (pool.getHandle().getBean().isActive()) {
            LOG.infof("Orders are stored in %s", PostgresOrderStore.NAME);
            return new PostgresOrderStore(pool.get(), failures, config.storeTimeout(), registry);
        }
        long heap = Runtime.getRuntime().maxMemory();
        long maxBytes = capacity(config.memory(), heap);
        LOG.infof("Orders are stored in memory: up to %d MiB of them, of a heap of %d MiB", maxBytes / MIB, heap / MIB);
        return new InMemoryOrderStore(maxBytes, registry);
    }

    /** The in-memory store's bound in bytes; the service refuses to start with a share it cannot honour. */
    static long capacity(OrderStoreConfig.Memory memory, long heap) {
        double share = memory.heapShare();
        if (!(share > 0 && share <= MAX_HEAP_SHARE)) {
            throw new IllegalStateException("app.orders.memory.heap-share=" + share
                    + " must be above 0 and at most " + MAX_HEAP_SHARE);
        }
        return memory.maxSize().map(MemorySize::asLongValue).orElse((long) (heap * share));
    }
}
