package com.example.orderservice.order;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * The embedded default (see {@link OrderStoreProducer}): no setup, orders live as long as the process.
 * <p>
 * Its orders take at most {@code maxBytes} of heap (by {@link #footprint}) and it refuses new ones beyond that
 * ({@link OrderStoreFullException}); it never evicts one. Bounded by bytes, not by a count of orders, because an order
 * of 100 items takes 50 times the heap of an order of one: unbounded, or bounded by a count that only small orders
 * respect, a steady stream of large orders fills the heap until the JVM exits on OutOfMemoryError (or the container is
 * OOM-killed) and every accepted order is lost with it. Replays of an order already stored are still answered when the
 * store is full.
 */
class InMemoryOrderStore implements OrderStore {

    /**
     * The object layout of a 64-bit HotSpot JVM with compressed references (any heap under 32 GiB): 12-byte object
     * headers, 4-byte references, arrays with a 16-byte header, everything aligned to 8 bytes. The native executable
     * and compact object headers take less, so the estimate is an upper bound there.
     */
    private static final long HEADER = 12;
    private static final long REFERENCE = 4;
    private static final long ARRAY_HEADER = 16;
    /** A {@code java.lang.String}: header, hash, coder, hashIsZero, and the reference to its bytes. */
    private static final long STRING = align(HEADER + 4 + 1 + 1 + REFERENCE);
    /** {@link Order}: five references. */
    private static final long ORDER = align(HEADER + 5 * REFERENCE);
    /** {@link Order#createdAt()}: seconds and nanoseconds. */
    private static final long INSTANT = align(HEADER + 8 + 4);
    /** {@link Order#items()} as {@code List.copyOf} makes it: one or two items in fields, more in an array. */
    private static final long LIST = align(HEADER + 2 * REFERENCE);
    /** {@link OrderItem}: two references, and its quantity boxed (counted as never cached, to stay an upper bound). */
    private static final long ITEM = align(HEADER + 2 * REFERENCE) + align(HEADER + 4);
    /**
     * One entry of a ConcurrentHashMap: its node (hash, key, value, next), and its share of the table, which holds
     * between 1.33 and 2.67 slots per entry (load factor 0.75, powers of two).
     */
    private static final long MAP_ENTRY = align(HEADER + 4 + 3 * REFERENCE) + 3 * REFERENCE;

    private final long maxBytes;
    private final AtomicLong usedBytes = new AtomicLong();
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, Order> byIdempotencyKey = new ConcurrentHashMap<>();

    /**
     * Registers {@code app_order_store_memory_used_bytes} and {@code app_order_store_memory_max_bytes}: how full the
     * store is, for a dashboard or an alert to see before clients get 507.
     */
    InMemoryOrderStore(long maxBytes, MeterRegistry registry) {
        this.maxBytes = maxBytes;
        // Held strongly, like PostgresOrderStore's gauge: Quarkus keeps meters across test restarts in one JVM.
        Gauge.builder("app.order.store.memory.used", usedBytes, AtomicLong::get).baseUnit("bytes")
                .description("Heap the in-memory order store's orders take (estimated)").strongReference(true)
                .register(registry);
        Gauge.builder("app.order.store.memory.max", () -> maxBytes).baseUnit("bytes")
                .description("Heap the in-memory order store's orders may take; past it, new orders get 507")
                .register(registry);
    }

    @Override
    public Uni<Order> save(Order order) {
        if (order.idempotencyKey() != null) {
            Order earlier = byIdempotencyKey.get(order.idempotencyKey());
            if (earlier != null) {
                return stored(earlier);
            }
        }
        // The bytes first, so that concurrent saves can never take the store past its bound.
        long bytes = footprint(order);
        long before = usedBytes.getAndUpdate(used -> used <= maxBytes - bytes ? used + bytes : used);
        if (before > maxBytes - bytes) {
            return Uni.createFrom().failure(new OrderStoreFullException());
        }
        if (order.idempotencyKey() != null) {
            Order earlier = byIdempotencyKey.putIfAbsent(order.idempotencyKey(), order);
            if (earlier != null) {
                usedBytes.addAndGet(-bytes);
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

    /**
     * The heap {@code order} keeps while it is stored: its objects, its strings, and its entries in the maps. An
     * estimate from the JVM's object layout rather than a measurement, because the JDK has no cheap way to measure an
     * object graph (InMemoryOrderStoreTest checks the estimate against one).
     */
    static long footprint(Order order) {
        long bytes = ORDER + INSTANT + string(order.id()) + string(order.customerId()) + MAP_ENTRY
                + LIST + (order.items().size() > 2 ? array(order.items().size() * REFERENCE) : 0);
        for (OrderItem item : order.items()) {
            bytes += ITEM + string(item.sku());
        }
        if (order.idempotencyKey() != null) {
            bytes += string(order.idempotencyKey()) + MAP_ENTRY;
        }
        return bytes;
    }

    /** A string keeps one byte per character when every character is Latin-1, two otherwise (compact strings). */
    private static long string(String text) {
        int bytesPerChar = 1;
        for (int i = 0; i < text.length() && bytesPerChar == 1; i++) {
            bytesPerChar = text.charAt(i) > 0xFF ? 2 : 1;
        }
        return STRING + array((long) text.length() * bytesPerChar);
    }

    private static long array(long contentBytes) {
        return align(ARRAY_HEADER + contentBytes);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
