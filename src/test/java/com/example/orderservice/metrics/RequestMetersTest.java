package com.example.orderservice.metrics;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class RequestMetersTest {

    @Test
    void aLatencyThresholdThatIsNoBucketStopsTheStart() {
        MetricsConfig config = new MetricsConfig() {
            @Override
            public List<Double> durationBuckets() {
                return List.of(0.1, 0.5, 1.0);
            }

            @Override
            public double latencySloSeconds() {
                return 0.25;
            }
        };
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new RequestMeters(new SimpleMeterRegistry(), config));
        assertTrue(refused.getMessage().contains("app.metrics.latency-slo-seconds=0.25"), refused.getMessage());
    }
}
