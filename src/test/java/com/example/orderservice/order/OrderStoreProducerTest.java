package com.example.orderservice.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.MemorySize;

/** The in-memory store's bound, from the configuration and the heap's maximum. */
class OrderStoreProducerTest {

    private static final long HEAP = 1000_000_000;

    @Test
    void theBoundIsTheHeapShareOfTheMaximumHeapUnlessAFixedSizeIsSet() {
        assertEquals(500_000_000, OrderStoreProducer.capacity(memory(0.5, null), HEAP));
        assertEquals(900_000_000, OrderStoreProducer.capacity(memory(0.9, null), HEAP));
        assertEquals(200 * 1024 * 1024, OrderStoreProducer.capacity(memory(0.5, 200L * 1024 * 1024), HEAP));
    }

    @Test
    void aShareThatLeavesTheServiceNoHeapOrStoresNothingIsRefusedWithTheProperty() {
        for (double share : new double[] { 0, -0.1, 0.91, 1, Double.NaN }) {
            var refused = assertThrows(IllegalStateException.class,
                    () -> OrderStoreProducer.capacity(memory(share, null), HEAP), "share " + share);
            assertTrue(refused.getMessage().startsWith("app.orders.memory.heap-share=" + share), refused.getMessage());
        }
    }

    private static OrderStoreConfig.Memory memory(double share, Long maxSize) {
        return new OrderStoreConfig.Memory() {
            @Override
            public double heapShare() {
                return share;
            }

            @Override
            public Optional<MemorySize> maxSize() {
                return Optional.ofNullable(maxSize).map(bytes -> new MemorySize(BigInteger.valueOf(bytes)));
            }
        };
    }
}
