package com.example.orderservice.order;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The same API checks against the packaged application (the JAR, or the native executable with -Dnative): a native
 * executable reads and writes JSON only for the types registered at build time, and maps errors the same way.
 */
@QuarkusIntegrationTest
class OrderResourceIT extends OrderResourceTest {
}
