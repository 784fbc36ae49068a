package com.example.orderservice.http;

import java.time.Instant;
import java.util.List;

import com.example.orderservice.order.Order;
import com.example.orderservice.order.OrderItem;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the API answers with. {@code status} is always {@code "created"}: clients that check for
 * {@code {"status": "created"}} rely on it.
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
