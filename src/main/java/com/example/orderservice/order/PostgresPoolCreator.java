package com.example.orderservice.order;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * Creates the reactive PostgreSQL pool from Quarkus' settings, with one more: a store operation's wait for a pooled
 * connection ends at {@code app.orders.store-timeout}. Quarkus has no setting for the pool's own connection timeout, and
 * Vert.x' default, 30 s, outlives the answer: the store has given up at its timeout and the client has its 503, while
 * the waiter stays queued in the pool, ahead of the requests that come after it.
 */
@Singleton
public class PostgresPoolCreator implements PgPoolCreator {

    private final Duration storeTimeout;

    PostgresPoolCreator(OrderStoreConfig config) {
        this.storeTimeout = config.storeTimeout();
    }

    @Override
    public Pool create(Input input) {
        PoolOptions options = new PoolOptions(input.poolOptions())
                .setConnectionTimeout((int) storeTimeout.toMillis()).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        // The driver and the call Quarkus creates the pool with when there is no creator.
        return PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), options);
    }
}
