package com.example.orderservice.order;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The hostile input checks against the packaged application (the JAR, or the native executable): a native
 * executable has its own JSON parsing set-up, validation metadata and character sets, fixed at build time.
 */
@QuarkusIntegrationTest
class HostileInputIT extends HostileInputTest {
}
