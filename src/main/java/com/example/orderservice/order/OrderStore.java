package com.example.orderservice.order;

import io.smallrye.mutiny.Uni;

/**
 * Where accepted orders live. Asynchronous so that a database-backed store fits the same non-blocking endpoint.
 * <p>
 * <b>The idempotency contract.</b> {@link Order#idempotencyKey()} is unique among stored orders (when not
 * {@code null}). {@link #save} must decide atomically whether the key is new: of any number of concurrent saves
 * with the same key, exactly one stores its order, and every one of them completes with that stored order. The
 * caller tells a replay from a new order by the id it gets back. Implementations:
 * <ul>
 * <li>in memory: {@code putIfAbsent} on a map keyed by the idempotency key, then by id;</li>
 * <li>SQL: a nullable {@code UNIQUE} column for the key, {@code INSERT ... ON CONFLICT (idempotency_key) DO NOTHING},
 * and when no row was inserted, {@code SELECT} the order with that key (in the same transaction or after it has
 * committed, so the winner's row is visible).</li>
 * </ul>
 * A key lives as long as its order. Comparing the stored order with the new request (to refuse a key reused for
 * another order) is the caller's business, not the store's.
 */
public interface OrderStore {

    /**
     * Stores {@code order} unless an order with the same idempotency key is stored already, and completes with the
     * order that is stored under that key: {@code order} itself when it was new, the earlier one otherwise. Completes
     * only once the returned order is stored and readable by {@link #findById}: the API answers 201 after this and
     * never before.
     */
    Uni<Order> save(Order order);

    /** The order, or {@code null} when there is none with that id. */
    Uni<Order> findById(String id);

    /** Fails when the store cannot take orders now (readiness asks). */
    Uni<Void> check();

    /** What keeps the orders ({@code memory}, {@code postgresql}), as the logs and readiness report it. */
    String name();
}
