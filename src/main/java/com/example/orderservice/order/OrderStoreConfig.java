package com.example.orderservice.order;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/** Where orders are kept; see application.properties, section "Order store", for why the defaults are what they are. */
@ConfigMapping(prefix = "app.orders")
public interface OrderStoreConfig {

    /** How long a PostgreSQL store operation may take, waiting for a pooled connection included, before it fails. */
    Duration storeTimeout();

    Memory memory();

    /** The in-memory store's bound: the heap its orders may take. */
    interface Memory {

        /**
         * The share of the heap's maximum ({@code Runtime.maxMemory()}) that stored orders may take, above 0 and at
         * most {@link OrderStoreProducer#MAX_HEAP_SHARE}; checked where it is used, not with Bean Validation, because a
         * constraint on any configuration mapping makes Quarkus build a second validator factory at every start
         * (0.3 s of CPU and 20 MiB of RSS on one core, bench/RESULTS.md).
         */
        double heapShare();

        /** The heap stored orders may take, in bytes; when set, it replaces {@link #heapShare()}. */
        Optional<MemorySize> maxSize();
    }
}
