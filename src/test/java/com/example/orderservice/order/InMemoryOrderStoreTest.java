package com.example.orderservice.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The bound in bytes: a full store refuses new orders, keeps every accepted one, and still answers replays; concurrent
 * saves never take it past its bound; and the estimate it counts with covers what its orders really take of the heap.
 */
class InMemoryOrderStoreTest {

    static {
        // JOL reads record fields, which sun.misc.Unsafe refuses to locate; this makes it find them another way.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aFullStoreRefusesNewOrdersAndKeepsTheAcceptedOnes() {
        Order first = order(null);
        Order second = order("key-2");
        InMemoryOrderStore store = holdingTheFirst(first, second);
        save(store, second);

        assertThrows(OrderStoreFullException.class, () -> save(store, order(null)));
        assertThrows(OrderStoreFullException.class, () -> save(store, order("key-3")), "a new key is a new order");

        assertSame(first, store.findById(first.id()).await().indefinitely());
        assertSame(second, store.findById(second.id()).await().indefinitely());
        assertEquals(gauge("max"), gauge("used"), "full to the byte");
    }

    @Test
    void aSmallerOrderStillFitsWhereALargerOneDoesNot() {
        Order small = order(null);
        InMemoryOrderStore store = storeFor(small, small);
        save(store, small);

        assertThrows(OrderStoreFullException.class, () -> save(store, largest(0)));
        save(store, order(null));
    }

    @Test
    void aReplayIsAnsweredWhenTheStoreIsFull() {
        Order keyed = order("key-1");
        Order other = order(null);
        InMemoryOrderStore store = holdingTheFirst(keyed, other);
        save(store, other);

        assertSame(keyed, save(store, order("key-1")), "the replay gets the stored order");
    }

    @Test
    void aReplayTakesNoBytes() {
        Order keyed = order("key-1");
        Order other = order(null);
        InMemoryOrderStore store = holdingTheFirst(keyed, other);
        for (int replay = 0; replay < 2; replay++) {
            save(store, order("key-1"));
        }

        assertSame(other, save(store, other));
        assertSame(keyed, store.findById(keyed.id()).await().indefinitely());
    }

    @Test
    void concurrentSavesNeverTakeTheStorePastItsBound() throws Exception {
        int fits = 50;
        List<Order> orders = IntStream.range(0, 4 * fits).mapToObj(InMemoryOrderStoreTest::largest).toList();
        InMemoryOrderStore store = new InMemoryOrderStore(fits * InMemoryOrderStore.footprint(orders.get(0)),
                registry);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Boolean>> saved = orders.stream().map(order -> CompletableFuture.supplyAsync(() -> {
                try {
                    save(store, order);
                    return true;
                } catch (OrderStoreFullException e) {
                    return false;
                }
            }, threads)).toList();
            assertEquals(fits, saved.stream().filter(CompletableFuture::join).count(), "exactly as many as fit");
        } finally {
            threads.shutdownNow();
        }
        assertEquals(gauge("max"), gauge("used"));
    }

    /**
     * What stored orders really take of this JVM's heap, measured by walking the store's object graph, against the
     * store's estimate: never less (the bound would not hold), and not much more (it would waste the heap). Orders of
     * every shape: one item or a hundred, Latin-1 or not, with a key or without.
     */
    @Test
    void theEstimateCoversWhatStoredOrdersTakeOfTheHeap() {
        List<IntFunction<Order>> shapes = List.of(i -> order(null), i -> order("key-" + i),
                InMemoryOrderStoreTest::largest, i -> largestNonLatin1(i, null),
                i -> largestNonLatin1(i, "k".repeat(IdempotencyKey.MAX_LENGTH - 8) + String.format("%08d", i)));
        for (IntFunction<Order> shape : shapes) {
            MeterRegistry own = new SimpleMeterRegistry();
            InMemoryOrderStore store = new InMemoryOrderStore(Long.MAX_VALUE, own);
            long empty = GraphLayout.parseInstance(store).totalSize();
            List<Order> orders = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                orders.add(shape.apply(i));
                store.save(orders.get(i)).await().indefinitely();
            }
            long measured = GraphLayout.parseInstance(store).totalSize() - empty;
            long estimated = Math.round(own.get("app.order.store.memory.used").gauge().value());
            String sizes = "estimated " + estimated + " bytes, measured " + measured + " for 1000 orders like "
                    + orders.get(0);
            assertTrue(estimated >= measured, sizes);
            assertTrue(estimated <= measured * 1.15, sizes);
        }
    }

    private InMemoryOrderStore storeFor(Order... orders) {
        long bytes = 0;
        for (Order order : orders) {
            bytes += InMemoryOrderStore.footprint(order);
        }
        return new InMemoryOrderStore(bytes, registry);
    }

    /** A store with room for these two orders, holding the first. */
    private InMemoryOrderStore holdingTheFirst(Order first, Order second) {
        InMemoryOrderStore store = storeFor(first, second);
        save(store, first);
        return store;
    }

    private double gauge(String which) {
        return registry.get("app.order.store.memory." + which).gauge().value();
    }

    private static Order save(InMemoryOrderStore store, Order order) {
        return store.save(order).await().indefinitely();
    }

    private static Order order(String idempotencyKey) {
        return new Order(UUID.randomUUID().toString(), fresh("c-1"), List.of(new OrderItem(fresh("sku-1"), 1)),
                Instant.now(), idempotencyKey == null ? null : fresh(idempotencyKey));
    }

    /** A string of its own, as each request's JSON gives the service: a literal is one string shared by all uses. */
    private static String fresh(String text) {
        return new String(text.toCharArray());
    }

    /** The largest order the API takes in Latin-1: 64-character ids, 100 items, the largest quantity. */
    static Order largest(int n) {
        return largestOf('c', 's', n, null);
    }

    /** As {@link #largest}, in characters beyond Latin-1, which a string keeps in two bytes each. */
    static Order largestNonLatin1(int n, String idempotencyKey) {
        return largestOf('\u0101', '\u0101', n, idempotencyKey);
    }

    private static Order largestOf(char customer, char sku, int n, String idempotencyKey) {
        List<OrderItem> items = new ArrayList<>();
        for (int line = 0; line < OrderRequest.MAX_ITEMS; line++) {
            items.add(new OrderItem(String.valueOf(sku).repeat(OrderRequest.MAX_ID_LENGTH - 16)
                    + String.format("%08d%08d", n, line), OrderItem.MAX_QUANTITY));
        }
        return new Order(UUID.randomUUID().toString(), String.valueOf(customer).repeat(OrderRequest.MAX_ID_LENGTH),
                items, Instant.now(), idempotencyKey == null ? null : fresh(idempotencyKey));
    }
}
