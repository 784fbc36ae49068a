package com.example.orderservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.validation.Constraint;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

import io.smallrye.config.ConfigMapping;

/**
 * The service's configuration mappings carry no Bean Validation constraint: one constraint on any mapping makes
 * Quarkus build a second validator factory, for the configuration alone, at every start (0.3 s of CPU and 20 MiB of RSS
 * on one core, bench/RESULTS.md). Ranges are checked where the value is used, with a message that names the property.
 */
class ConfigMappingsTest {

    @Test
    void noConfigurationMappingCarriesAConstraint() {
        List<Class<?>> mappings = new ArrayList<>();
        List<String> constrained = new ArrayList<>();
        for (ClassReader reader : CompiledClasses.all()) {
            Class<?> type = CompiledClasses.load(reader.getClassName());
            if (type.isAnnotationPresent(ConfigMapping.class)) {
                mappings.add(type);
                collect(type, constrained);
            }
        }
        assertTrue(mappings.size() >= 4, "the service's configuration mappings are found: " + mappings);
        assertEquals(List.of(), constrained, "constraints on configuration mappings");
    }

    /** The constrained methods of {@code type} and of the groups nested in it. */
    private static void collect(Class<?> type, List<String> constrained) {
        for (Method method : type.getDeclaredMethods()) {
            if (Arrays.stream(method.getAnnotations()).map(Annotation::annotationType)
                    .anyMatch(annotation -> annotation.isAnnotationPresent(Constraint.class))) {
                constrained.add(type.getName() + "." + method.getName());
            }
            if (method.getReturnType().isInterface() && method.getReturnType().getEnclosingClass() == type) {
                collect(method.getReturnType(), constrained);
            }
        }
    }
}
