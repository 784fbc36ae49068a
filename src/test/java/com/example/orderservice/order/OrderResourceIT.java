package com.example.orderservice.order;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same API checks against the packaged application (the JAR, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class OrderResourceIT extends OrderResourceTest {
}
