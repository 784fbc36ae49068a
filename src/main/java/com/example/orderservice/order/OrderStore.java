package com.example.orderservice.order;

import io.smallrye.mutiny.Uni;

/**
 * Where accepted orders live. Asynchronous so that a database-backed store fits the same non-blocking endpoint.
 */
public interface OrderStore {

    /** Completes only once the order is stored: the API answers 201 after this and never before. */
    Uni<Order> save(Order order);

    /** The order, or {@code null} when there is none with that id. */
    Uni<Order> findById(String id);
}
