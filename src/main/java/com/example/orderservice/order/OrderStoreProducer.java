package com.example.orderservice.order;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.Startup;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Chooses the store at start-up: PostgreSQL when the datasource is active ({@code quarkus.datasource.active=true}),
 * in memory otherwise. The pool is looked up, not injected, because injecting an inactive datasource fails the start.
 */
@ApplicationScoped
public class OrderStoreProducer {

    private static final Logger LOG = Logger.getLogger(OrderStoreProducer.class);

    /** At start-up rather than on the first request: the log then says from the start which store is in use. */
    @Produces
    @ApplicationScoped
    @Startup
    OrderStore orderStore(InjectableInstance<Pool> pool, OrderStoreFailureCounter failures,
            @ConfigProperty(name = "app.orders.store-timeout") Duration timeout,
            @ConfigProperty(name = "app.orders.memory.capacity") int memoryCapacity) {
        OrderStore store = pool.getHandle().getBean().isActive()
                ? new PostgresOrderStore(pool.get(), failures, timeout)
                : new InMemoryOrderStore(memoryCapacity);
        LOG.infof("Orders are stored in %s", store.name());
        return store;
    }
}
