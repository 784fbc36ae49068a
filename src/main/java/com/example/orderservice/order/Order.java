package com.example.orderservice.order;

import java.time.Instant;
import java.util.List;

/**
 * An accepted order, as stored.
 *
 * @param idempotencyKey the client's {@code Idempotency-Key}, or {@code null} when it sent none; unique among
 *        stored orders (see {@link OrderStore#save})
 */
public record Order(String id, String customerId, List<OrderItem> items, Instant createdAt, String idempotencyKey) {

    public Order {
        items = List.copyOf(items);
    }

    /**
     * Whether this order was placed by the same request as {@code other}: same customer, same items in the same
     * order. Compared by content, not by the raw body, so a retry that reformats the JSON is still the same request.
     */
    boolean samePurchaseAs(Order other) {
        return customerId.equals(other.customerId) && items.equals(other.items);
    }
}
