package com.example.orderservice.order;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.Uni;

/**
 * The embedded default (see {@link OrderStoreProducer}): no setup, orders live as long as the process.
 * <p>
 * It holds at most {@code capacity} orders ({@code app.orders.memory.capacity}) and refuses new ones beyond that
 * ({@link OrderStoreFullException}); it never evicts one. Unbounded, a steady stream of orders fills the heap until the JVM
 * exits on OutOfMemoryError (or the container is OOM-killed) and every accepted order is lost with it. Replays of an
 * order already stored are still answered when the store is full.
 */
class InMemoryOrderStore implements OrderStore {

    private final int capacity;
    private final AtomicInteger size = new AtomicInteger();
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, Order> byIdempotencyKey = new ConcurrentHashMap<>();

    InMemoryOrderStore(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public Uni<Order> save(Order order) {
        if (order.idempotencyKey() != null) {
            Order earlier = byIdempotencyKey.get(order.idempotencyKey());
            if (earlier != null) {
                return stored(earlier);
            }
        }
        // A slot first, so that concurrent saves can never take the store past its capacity.
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return Uni.createFrom().failure(new OrderStoreFullException(capacity));
        }
        if (order.idempotencyKey() != null) {
            Order earlier = byIdempotencyKey.putIfAbsent(order.idempotencyKey(), order);
            if (earlier != null) {
                size.decrementAndGet();
                return stored(earlier);
            }
        }
        orders.put(order.id(), order);
        return Uni.createFrom().item(order);
    }

    /**
     * putIfAbsent, not get: a replay may get here before the first request has stored the order by id, and must not
     * answer before the order can be read back.
     */
    private Uni<Order> stored(Order earlier) {
        orders.putIfAbsent(earlier.id(), earlier);
        return Uni.createFrom().item(earlier);
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
