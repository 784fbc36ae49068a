package com.example.orderservice.order;

/**
 * The in-memory store's orders take all the heap they may ({@code app.orders.memory.*}; how much, the
 * {@code app_order_store_memory_*} gauges say); no order was placed.
 */
public class OrderStoreFullException extends RuntimeException {

    OrderStoreFullException() {
        super("The in-memory order store is full; no order was placed. Give the service more memory, or store orders "
                + "in PostgreSQL", null, false, false);
    }
}
