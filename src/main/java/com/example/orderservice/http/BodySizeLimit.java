package com.example.orderservice.http;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Enforces {@code quarkus.http.limits.max-body-size} for every body, sized or chunked, before Quarkus does. Quarkus'
 * own enforcement answers 413 with an empty body, replaces the response's end handler (so the request metrics never
 * see the request), and for a chunked body fails mid-read with an exception; here the body is read by Vert.x Web's
 * {@link BodyHandler}, whose 413 goes to {@code RouteFailureHandler} as a JSON error, counted like any other answer.
 * Quarkus REST then takes the body already read instead of reading it again.
 */
@Singleton
class BodySizeLimit {

    private final BodyHandler bodies;
    private final long maxBodySize;

    BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            @ConfigProperty(name = "quarkus.rest.input-buffer-size") MemorySize restInputBuffer) {
        // Past its input buffer, Quarkus REST re-reads the body as a stream, which finds nothing once it was read here.
        if (maxBodySize.asLongValue() > restInputBuffer.asLongValue()) {
            throw new IllegalStateException("quarkus.http.limits.max-body-size (" + maxBodySize.asLongValue()
                    + " bytes) must not exceed quarkus.rest.input-buffer-size (" + restInputBuffer.asLongValue()
                    + " bytes, fixed at build time)");
        }
        // Uploads to disk and form parsing are off: the API takes JSON only, and disk I/O has no place on the event loop.
        this.maxBodySize = maxBodySize.asLongValue();
        this.bodies = BodyHandler.create(false)
                .setBodyLimit(maxBodySize.asLongValue())
                .setMergeFormAttributes(false);
    }

    void read(RoutingContext context) {
        HttpServerRequest request = context.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null ? request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null : length.equals("0")) {
            context.next();
        } else if (isForm(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            // BodyHandler would decode a form or multipart body, and wait forever for a multipart end that a broken
            // body never sends. The API refuses both with 415 without reading them, so only the declared size counts.
            if (length != null && declaredTooLarge(length)) {
                context.fail(413);
            } else {
                context.next();
            }
        } else {
            bodies.handle(context);
        }
    }

    private boolean declaredTooLarge(String length) {
        try {
            return Long.parseLong(length) > maxBodySize;
        } catch (NumberFormatException notANumber) {
            return true;
        }
    }

    private static boolean isForm(String contentType) {
        return contentType != null && (contentType.regionMatches(true, 0, "multipart/", 0, 10)
                || contentType.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33));
    }
}
