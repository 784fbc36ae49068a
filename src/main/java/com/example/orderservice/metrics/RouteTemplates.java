package com.example.orderservice.metrics;

import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ResourceInfo;

/**
 * The route template of a matched resource method ({@code /api/orders/{id}}), worked out from its {@code @Path}
 * annotations once per method. The template, never the raw path, is the {@code endpoint} label, which keeps the
 * number of series bounded whatever paths clients send.
 */
final class RouteTemplates {

    /** The {@code endpoint} label of every request that matched no route. */
    static final String UNMATCHED = "unmatched";

    /** Keyed by the resource info itself: Quarkus REST keeps one instance per resource method. */
    private final Map<ResourceInfo, String> templates = new ConcurrentHashMap<>();

    String of(ResourceInfo resource) {
        return templates.computeIfAbsent(resource, RouteTemplates::compute);
    }

    private static String compute(ResourceInfo resource) {
        String classPath = pathOf(resource.getResourceClass().getAnnotations());
        String methodPath = pathOf(resource.getResourceMethod().getAnnotations());
        String joined = "/" + classPath + "/" + methodPath;
        String template = joined.replaceAll("/+", "/");
        return template.length() > 1 && template.endsWith("/") ? template.substring(0, template.length() - 1) : template;
    }

    private static String pathOf(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof Path path) {
                return path.value();
            }
        }
        return "";
    }
}
