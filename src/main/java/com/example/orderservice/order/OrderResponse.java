package com.example.orderservice.order;

import java.time.Instant;
import java.util.List;

/**
 * What the API answers with. {@code status} keeps the seed's {@code {"status": "created"}} contract so that
 * clients written against the original service keep working.
 */
public record OrderResponse(String status, String id, String customerId, List<OrderItem> items, Instant createdAt) {

    static final String CREATED = "created";

    static OrderResponse of(Order order) {
        return new OrderResponse(CREATED, order.id(), order.customerId(), order.items(), order.createdAt());
    }
}
