package com.example.orderservice.order;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** Turns a valid request into a stored order, once per idempotency key. */
@ApplicationScoped
public class OrderService {

    private final OrderStore store;
    private final Clock clock = Clock.systemUTC();

    OrderService(OrderStore store) {
        this.store = store;
    }

    /** The outcome of placing an order: the stored order, and whether it was stored by an earlier request. */
    public record Placement(Order order, boolean replayed) {
    }

    /**
     * Places the order, or, when {@code idempotencyKey} was already used for the same purchase, answers with the
     * order that request placed. The same key with a different purchase is a client bug (a key reused for another
     * order), refused rather than silently answered with the wrong order.
     *
     * @param idempotencyKey the client's key as sent, or {@code null}; refused unless it is a valid key
     */
    public Uni<Placement> place(OrderRequest request, String idempotencyKey) {
        String key = IdempotencyKey.validated(idempotencyKey);
        // Microseconds: what PostgreSQL keeps, so a replay or a read from the database answers the same createdAt.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Order order = new Order(UUID.randomUUID().toString(), request.customerId(), request.items(), now, key);
        return store.save(order).map(stored -> {
            if (stored == order) {
                return new Placement(stored, false);
            }
            if (!stored.samePurchaseAs(order)) {
                throw new IdempotencyKeyReusedException();
            }
            return new Placement(stored, true);
        });
    }

    public Uni<Order> find(String id) {
        return store.findById(id);
    }
}
