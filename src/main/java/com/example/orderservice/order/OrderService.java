package com.example.orderservice.order;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** Turns a valid request into a stored order. */
@ApplicationScoped
public class OrderService {

    private final OrderStore store;
    private final Clock clock = Clock.systemUTC();

    OrderService(OrderStore store) {
        this.store = store;
    }

    public Uni<Order> place(OrderRequest request) {
        Order order = new Order(UUID.randomUUID().toString(), request.customerId(), request.items(), clock.instant());
        return store.save(order);
    }

    public Uni<Order> find(String id) {
        return store.findById(id);
    }
}
