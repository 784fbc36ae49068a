package com.example.orderservice.metrics;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;

/**
 * {@code app_build_info{version,revision,quarkus_version,java_version} 1}: which build serves, the convention of
 * client_golang's {@code go_build_info} and Spring Boot's build info, so a dashboard can show the versions serving
 * and mark rollouts. Micrometer has no binder for it. The revision and the Quarkus version are the build's
 * ({@link BuildConfig}); the Java version is the runtime's.
 */
@Singleton
@IfBuildProperty(name = "quarkus.micrometer.enabled", stringValue = "true", enableIfMissing = true)
public class BuildInfo {

    static final String NAME = "app.build.info";

    void register(@Observes StartupEvent started, MeterRegistry registry, BuildConfig build,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        Gauge.builder(NAME, () -> 1)
                .description("Always 1; the labels say which build serves")
                .tag("version", version)
                .tag("revision", build.revision())
                .tag("quarkus_version", build.quarkusVersion())
                .tag("java_version", Runtime.version().toString())
                .register(registry);
    }
}
