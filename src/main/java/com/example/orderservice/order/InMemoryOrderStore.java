package com.example.orderservice.order;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** The embedded default: no setup, orders live as long as the process. */
@ApplicationScoped
public class InMemoryOrderStore implements OrderStore {

    private final Map<String, Order> orders = new ConcurrentHashMap<>();

    @Override
    public Uni<Order> save(Order order) {
        orders.put(order.id(), order);
        return Uni.createFrom().item(order);
    }

    @Override
    public Uni<Order> findById(String id) {
        return Uni.createFrom().item(orders.get(id));
    }
}
