package com.example.orderservice.metrics;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The metric checks against the packaged application (the JAR, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class RequestMetricsIT extends RequestMetricsTest {
}
