package com.example.orderservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.ref.WeakReference;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The in-flight gauge holds its count itself: Quarkus keeps meters across the quick tests' application restarts in
 * one JVM, and a gauge that held the count of an earlier application weakly went NaN once that one was collected.
 */
class LoadShedderTest {

    @Test
    void theInFlightGaugeKeepsItsCountWhenTheLoadShedderIsCollected() {
        MeterRegistry registry = new SimpleMeterRegistry();
        WeakReference<LoadShedder> shedder = new WeakReference<>(new LoadShedder(limits(), null, registry));
        Gauge inFlight = registry.find("app.requests.in.flight").gauge();
        assertNotNull(inFlight);
        assertEquals(0.0, inFlight.value());

        Awaitility.await("the load shedder collected").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    System.gc();
                    return shedder.get() == null;
                });
        assertEquals(0.0, inFlight.value(), "a number, not NaN");
    }

    private static LimitsConfig limits() {
        return new LimitsConfig() {
            @Override
            public int maxInFlight() {
                return 4;
            }

            @Override
            public int retryAfterSeconds() {
                return 1;
            }

            @Override
            public Duration bodyTimeout() {
                return Duration.ofSeconds(10);
            }
        };
    }
}
