package com.example.orderservice.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import com.example.orderservice.Readiness;
import com.example.orderservice.metrics.Scrape;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Without database settings the service keeps its orders in memory: no pool, no migration at start-up, and a
 * readiness that needs no database.
 */
@QuarkusTest
public class InMemoryStoreByDefaultTest {

    @Test
    void readinessReportsTheInMemoryStore() {
        Readiness.assertReadyWithOrderStore("memory");
    }

    @Test
    void noDatasourceNoPoolNoMigration() {
        assertFalse(Arc.container().select(Pool.class).getHandle().getBean().isActive(), "the reactive pool");
        assertFalse(Arc.container().select(Flyway.class).getHandle().getBean().isActive(), "Flyway");
        Scrape scrape = Scrape.now();
        assertEquals(0, scrape.countSeries("sql_pool_"), "no pool metrics without a pool");
        assertEquals(0, scrape.countSeries("app_order_store_errors"), "the in-memory store does not fail");
    }
}
