package com.example.orderservice;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile that runs the application with some settings of its own and nothing else. Quarkus starts the
 * application afresh for each profile class; with {@code @QuarkusIntegrationTest} the settings reach the packaged
 * application (JAR or native executable) as system properties, as an operator would set them.
 */
public abstract class ConfigOverrides implements QuarkusTestProfile {

    private final Map<String, String> overrides;

    protected ConfigOverrides(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /** These settings and those, the latter winning where both set one. */
    protected static Map<String, String> merged(Map<String, String> these, Map<String, String> those) {
        Map<String, String> merged = new HashMap<>(these);
        merged.putAll(those);
        return merged;
    }

    @Override
    public final Map<String, String> getConfigOverrides() {
        return overrides;
    }
}
