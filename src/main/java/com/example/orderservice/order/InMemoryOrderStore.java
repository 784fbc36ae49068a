package com.example.orderservice.order;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.smallrye.mutiny.Uni;

/** The embedded default (see {@link OrderStoreProducer}): no setup, orders live as long as the process. */
class InMemoryOrderStore implements OrderStore {

    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, Order> byIdempotencyKey = new ConcurrentHashMap<>();

    @Override
    public Uni<Order> save(Order order) {
        Order stored = order;
        if (order.idempotencyKey() != null) {
            Order earlier = byIdempotencyKey.putIfAbsent(order.idempotencyKey(), order);
            if (earlier != null) {
                stored = earlier;
            }
        }
        // putIfAbsent, not put: a replay may get here before the first request has stored the order by id, and must
        // not answer before the order can be read back.
        orders.putIfAbsent(stored.id(), stored);
        return Uni.createFrom().item(stored);
    }

    @Override
    public Uni<Order> findById(String id) {
        return Uni.createFrom().item(orders.get(id));
    }

    @Override
    public Uni<Void> check() {
        return Uni.createFrom().voidItem();
    }

    @Override
    public String name() {
        return "memory";
    }
}
