package com.example.orderservice.metrics;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The build's labels in the packaged application: they come from the build, and a native executable reports the
 * Java version it was built with.
 */
@QuarkusIntegrationTest
class BuildInfoIT extends BuildInfoTest {
}
