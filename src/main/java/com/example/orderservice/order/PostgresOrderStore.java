package com.example.orderservice.order;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Orders in PostgreSQL (schema in {@code db/migration}), through the reactive pool: no thread waits on the database.
 * Every replica shares it, so an order is readable from any replica and survives restarts.
 * <p>
 * A failing database is an {@link OrderStoreUnavailableException} (the client may retry), never an unexpected failure,
 * and so is one that does not answer within {@code app.orders.store-timeout}: without that bound a request would wait
 * for the TCP connect timeout (60 s), or forever on a hung server. After a failed save the order may or may not be stored (a timed-out transaction
 * can still commit), which is what the Idempotency-Key is for: a retry with the same key answers the stored order or
 * places it. Each failure is counted in {@code app_order_store_errors_total}, which the OrderStoreFailing alert
 * watches.
 * <p>
 * Every operation takes its connection from the pool explicitly ({@code withConnection}, {@code withTransaction}),
 * never through the pool's one-shot queries ({@code pool.preparedQuery(...)}): those arm a timer of their own whose expiry
 * and a later failure to connect both complete the same promise, which Vert.x then reports as an uncaught
 * {@code IllegalStateException: Result is already complete}. And it counts the operations waiting for a connection
 * itself ({@code app_order_store_connection_waiting}), because the pool's own {@code sql_pool_queue_size} never takes
 * back a waiter whose connection attempt failed: after a database outage it stays above 0 for good.
 */
class PostgresOrderStore implements OrderStore {

    static final String NAME = "postgresql";
    private static final Logger LOG = Logger.getLogger(PostgresOrderStore.class);

    private static final String INSERT_ORDER = """
            INSERT INTO orders (id, customer_id, created_at, idempotency_key) VALUES ($1, $2, $3, $4)
            ON CONFLICT (idempotency_key) DO NOTHING""";
    private static final String INSERT_ITEM = "INSERT INTO order_items (order_id, line, sku, quantity) VALUES ($1, $2, $3, $4)";
    private static final String SELECT_ORDER = """
            SELECT o.id, o.customer_id, o.created_at, o.idempotency_key, i.sku, i.quantity
            FROM orders o JOIN order_items i ON i.order_id = o.id
            WHERE o.%s = $1 ORDER BY i.line""";
    private static final String BY_ID = SELECT_ORDER.formatted("id");
    private static final String BY_IDEMPOTENCY_KEY = SELECT_ORDER.formatted("idempotency_key");

    private final Pool pool;
    private final Duration timeout;
    private final Counter saveErrors;
    private final Counter findErrors;
    private final Counter checkErrors;
    private final AtomicInteger waiting = new AtomicInteger();

    PostgresOrderStore(Pool pool, OrderStoreFailureCounter failures, Duration timeout, MeterRegistry registry) {
        this.pool = pool;
        this.timeout = timeout;
        this.saveErrors = failures.of("save");
        this.findErrors = failures.of("find");
        this.checkErrors = failures.of("check");
        // Held strongly: Quarkus keeps the registry's meters when a test restarts the application in the same JVM,
        // and a weakly held count of an earlier store, once collected, leaves the series out of the scrape.
        Gauge.builder("app.order.store.connection.waiting", waiting, AtomicInteger::get)
                .description("Order store operations waiting for a database connection from the pool")
                .strongReference(true)
                .register(registry);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * One transaction: the order row, unless its idempotency key is taken, then its items. When the key is taken,
     * the INSERT has waited for the transaction that took it to commit, so the SELECT (a new snapshot under READ
     * COMMITTED) reads the winner's order with all its items.
     */
    @Override
    public Uni<Order> save(Order order) {
        return guarded(saveErrors, () -> connected(pool::withTransaction, tx -> tx.preparedQuery(INSERT_ORDER)
                .execute(Tuple.of(UUID.fromString(order.id()), order.customerId(),
                        OffsetDateTime.ofInstant(order.createdAt(), ZoneOffset.UTC), order.idempotencyKey()))
                .flatMap(inserted -> inserted.rowCount() == 1
                        ? insertItems(tx, order).replaceWith(order)
                        : tx.preparedQuery(BY_IDEMPOTENCY_KEY).execute(Tuple.of(order.idempotencyKey()))
                                .map(PostgresOrderStore::orderOf))));
    }

    @Override
    public Uni<Order> findById(String id) {
        UUID uuid = canonicalUuid(id);
        if (uuid == null) {
            return Uni.createFrom().nullItem();
        }
        return guarded(findErrors, () -> connected(pool::withConnection,
                connection -> connection.preparedQuery(BY_ID).execute(Tuple.of(uuid))
                        .map(PostgresOrderStore::orderOf)));
    }

    @Override
    public Uni<Void> check() {
        return guarded(checkErrors, () -> connected(pool::withConnection,
                connection -> connection.query("SELECT 1").execute().replaceWithVoid()));
    }

    private static Uni<RowSet<Row>> insertItems(SqlClient tx, Order order) {
        List<Tuple> items = new ArrayList<>(order.items().size());
        UUID id = UUID.fromString(order.id());
        for (int line = 0; line < order.items().size(); line++) {
            OrderItem item = order.items().get(line);
            items.add(Tuple.of(id, (short) line, item.sku(), item.quantity()));
        }
        return tx.preparedQuery(INSERT_ITEM).executeBatch(items);
    }

    /** The order in these rows (one per item, in line order), or {@code null} when there are none. */
    private static Order orderOf(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        List<OrderItem> items = new ArrayList<>(rows.size());
        rows.forEach(row -> items.add(new OrderItem(row.getString("sku"), row.getInteger("quantity"))));
        Row first = rows.iterator().next();
        return new Order(first.getUUID("id").toString(), first.getString("customer_id"), items,
                first.getOffsetDateTime("created_at").toInstant(), first.getString("idempotency_key"));
    }

    /** Ids are UUIDs as this service writes them; anything else cannot name an order, so it is not one (404). */
    private static UUID canonicalUuid(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.toString().equals(id) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * {@code work} on a connection from the pool, through {@code acquire} ({@code withConnection} or
     * {@code withTransaction}), counted as waiting until {@code work} starts (with a transaction, once it has begun),
     * or until the attempt has failed or been given up.
     */
    private <T> Uni<T> connected(Function<Function<SqlConnection, Uni<T>>, Uni<T>> acquire,
            Function<SqlConnection, Uni<T>> work) {
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable served = () -> {
            if (counted.compareAndSet(true, false)) {
                waiting.decrementAndGet();
            }
        };
        waiting.incrementAndGet();
        return acquire.apply(connection -> {
            served.run();
            return work.apply(connection);
        }).onTermination().invoke(served);
    }

    private <T> Uni<T> guarded(Counter errors, Supplier<Uni<? extends T>> call) {
        return Uni.createFrom().deferred(call).ifNoItem().after(timeout).fail().onFailure().transform(e -> {
            errors.increment();
            LOG.warnf("Order store %s failed: %s", errors.getId().getTag("operation"), e.toString());
            return new OrderStoreUnavailableException(e);
        });
    }
}
