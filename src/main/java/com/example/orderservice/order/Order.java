package com.example.orderservice.order;

import java.time.Instant;
import java.util.List;

/** An accepted order, as stored. */
public record Order(String id, String customerId, List<OrderItem> items, Instant createdAt) {

    public Order {
        items = List.copyOf(items);
    }
}
