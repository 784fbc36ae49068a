package com.example.orderservice.order;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The capacity bound: a full store refuses new orders, keeps every accepted one, and still answers replays. */
class InMemoryOrderStoreTest {

    private final InMemoryOrderStore store = new InMemoryOrderStore(2);

    @Test
    void aFullStoreRefusesNewOrdersAndKeepsTheAcceptedOnes() {
        Order first = save(order(null));
        Order second = save(order("key-2"));

        assertThrows(OrderStoreFullException.class, () -> save(order(null)));
        assertThrows(OrderStoreFullException.class, () -> save(order("key-3")), "a new key is a new order");

        assertSame(first, store.findById(first.id()).await().indefinitely());
        assertSame(second, store.findById(second.id()).await().indefinitely());
    }

    @Test
    void aReplayIsAnsweredWhenTheStoreIsFull() {
        Order keyed = save(order("key-1"));
        save(order(null));

        assertSame(keyed, save(order("key-1")), "the replay gets the stored order");
    }

    @Test
    void aReplayTakesNoCapacity() {
        Order keyed = save(order("key-1"));
        save(order("key-1"));
        save(order("key-1"));

        Order other = save(order(null));
        assertSame(other, store.findById(other.id()).await().indefinitely());
        assertSame(keyed, store.findById(keyed.id()).await().indefinitely());
    }

    private Order save(Order order) {
        return store.save(order).await().indefinitely();
    }

    private static Order order(String idempotencyKey) {
        return new Order(UUID.randomUUID().toString(), "c-1", List.of(new OrderItem("sku-1", 1)), Instant.now(),
                idempotencyKey);
    }
}
