package com.example.orderservice.order;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The idempotency checks against the packaged application (the JAR, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class IdempotencyIT extends IdempotencyTest {
}
