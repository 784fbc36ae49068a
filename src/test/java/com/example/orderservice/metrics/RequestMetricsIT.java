package com.example.orderservice.metrics;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The metric checks against the packaged application (the JAR, or the native executable with -Dnative): a native
 * executable registers its meters at build time and has other JVM metrics.
 */
@QuarkusIntegrationTest
class RequestMetricsIT extends RequestMetricsTest {
}
