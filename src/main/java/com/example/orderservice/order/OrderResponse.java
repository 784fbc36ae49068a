package com.example.orderservice.order;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the API answers with. {@code status} keeps the seed's {@code {"status": "created"}} contract so that
 * clients written against the original service keep working.
 */
// Jackson reads it reflectively: registered for the native executable, where type detection through generics
// (Uni<RestResponse<...>>, List<...>) is not guaranteed.
@RegisterForReflection
public record OrderResponse(String status, String id, String customerId, List<OrderItem> items, Instant createdAt) {

    static final String CREATED = "created";

    static OrderResponse of(Order order) {
        return new OrderResponse(CREATED, order.id(), order.customerId(), order.items(), order.createdAt());
    }
}
