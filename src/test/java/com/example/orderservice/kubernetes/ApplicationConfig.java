package com.example.orderservice.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;

/**
 * The raw values of the service's configuration files as built (no profile): {@code application.properties}, and the
 * build-time values the build writes into {@code META-INF/microprofile-config.properties}; for tests that check that
 * the manifests and the image agree with the configuration.
 */
public final class ApplicationConfig {

    private static final Properties PROPERTIES = load();

    private ApplicationConfig() {
    }

    public static String value(String key) {
        String value = PROPERTIES.getProperty(key);
        if (value == null) {
            throw new AssertionError(key + " is not set in the service's configuration files");
        }
        return value;
    }

    /** A duration as Quarkus reads it: {@code 20} (seconds), {@code 100ms}, {@code 5s}, {@code 1m}, ISO-8601. */
    public static Duration duration(String key) {
        String value = value(key).trim();
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        if (value.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(value.replace("ms", "")));
        }
        return Duration.parse(value.matches("\\d+[smh]") ? "PT" + value.toUpperCase() : value);
    }

    private static Properties load() {
        Properties properties = new Properties();
        for (String file : new String[] { "/META-INF/microprofile-config.properties", "/application.properties" }) {
            try (InputStream in = ApplicationConfig.class.getResourceAsStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }
}
