package com.example.orderservice.metrics;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The negotiation against the packaged application (the JAR, or the native executable): a native executable has its
 * own build of Vert.x Web's header parsing and router, and of the registry's two formats.
 */
@QuarkusIntegrationTest
class MetricsEndpointIT extends MetricsEndpointTest {
}
