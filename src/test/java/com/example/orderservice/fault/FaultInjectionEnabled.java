package com.example.orderservice.fault;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Runs the service with fault injection on. With {@code @QuarkusIntegrationTest} the override reaches the packaged
 * application (JAR or native executable) as a system property, as an operator would set it.
 */
public class FaultInjectionEnabled implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("app.fault-injection.enabled", "true");
    }
}
