package com.example.orderservice.order;

/** The in-memory store holds as many orders as it may ({@code app.orders.memory.capacity}); no order was placed. */
public class OrderStoreFullException extends RuntimeException {

    OrderStoreFullException(int capacity) {
        super("The in-memory order store is full (" + capacity + " orders); no order was placed. Raise "
                + "app.orders.memory.capacity together with the memory limit, or store orders in PostgreSQL",
                null, false, false);
    }
}
