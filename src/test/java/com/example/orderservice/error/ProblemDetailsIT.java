package com.example.orderservice.error;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The problem details checks against the packaged application (the JAR, or the native executable): there, the body
 * of an order is read by a reader Quarkus REST registers at build time, and a body with fields of the wrong type is
 * bound from a tree and validated by a call of the service's own, each of which a native executable supports only
 * for what was known when it was built.
 */
@QuarkusIntegrationTest
class ProblemDetailsIT extends ProblemDetailsTest {
}
