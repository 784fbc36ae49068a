package com.example.orderservice.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.resteasy.reactive.server.mapping.RuntimeResource;
import org.jboss.resteasy.reactive.server.mapping.URITemplate;

/**
 * The route template of a matched resource method ({@code /api/orders/{id}}). The template, never the raw path, is the
 * {@code endpoint} label, which keeps the number of series bounded whatever paths clients send.
 * <p>
 * Joined from the class and method path templates that Quarkus REST built its route table from at build time and
 * matched the request with, once per resource method: no annotation is read at run time, which a native executable
 * could not do (its resource methods are not registered for reflection). Quarkus REST records the template on the
 * request itself only when an observability extension asks for it (Quarkus' own HTTP server metrics, switched off
 * here because {@code app_*} already measures every request).
 */
final class RouteTemplates {

    /** Keyed by the matched resource itself: Quarkus REST keeps one instance per resource method. */
    private final Map<RuntimeResource, String> templates = new ConcurrentHashMap<>();

    String of(RuntimeResource target) {
        String template = templates.get(target);
        return template != null ? template : templates.computeIfAbsent(target, RouteTemplates::join);
    }

    private static String join(RuntimeResource target) {
        URITemplate classPath = target.getClassPath();
        String joined = "/" + (classPath == null ? "" : classPath.template) + "/" + target.getPath().template;
        String template = joined.replaceAll("/+", "/");
        return template.length() > 1 && template.endsWith("/")
                ? template.substring(0, template.length() - 1)
                : template;
    }
}
