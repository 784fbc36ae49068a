package com.example.orderservice.order;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The hostile input checks against the packaged application (the JAR, or the native executable). */
@QuarkusIntegrationTest
class HostileInputIT extends HostileInputTest {
}
