package com.example.orderservice.metrics;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The concurrent counting check against the packaged application (the JAR, or the native executable). */
@QuarkusIntegrationTest
class ConcurrentCountingIT extends ConcurrentCountingTest {
}
