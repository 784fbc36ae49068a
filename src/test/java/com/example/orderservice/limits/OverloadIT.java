package com.example.orderservice.limits;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The overload checks against the packaged application (the JAR, or the native executable). */
@QuarkusIntegrationTest
@TestProfile(OverloadTest.FourSlots.class)
class OverloadIT extends OverloadTest {
}
