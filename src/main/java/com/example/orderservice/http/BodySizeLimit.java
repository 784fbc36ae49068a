package com.example.orderservice.http;

import java.io.IOException;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Enforces {@code quarkus.http.limits.max-body-size} for every body, sized or chunked, before Quarkus does. Quarkus'
 * own enforcement answers 413 with an empty body, replaces the response's end handler (so the request metrics never
 * see the request), and for a chunked body fails mid-read with an exception; here the body is read by Vert.x Web's
 * {@link BodyHandler}, whose 413 goes to {@code RouteFailureHandler} as a JSON error, counted like any other answer.
 * Quarkus REST then takes the body already read instead of reading it again.
 * <p>
 * It also bounds the time a client takes to send the body ({@code app.limits.body-timeout}), so that a client sending a
 * byte now and then cannot hold an in-flight slot: past it, a JSON 408. A chunked body whose chunk sizes are malformed
 * is answered 400. The failure stage answers both and closes the connection ({@code RequestPipeline}).
 */
@Singleton
class BodySizeLimit {

    private static final String READ_HERE = BodySizeLimit.class.getName() + ".read";

    private final BodyHandler bodies;
    private final long maxBodySize;
    private final long bodyTimeoutMillis;

    BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            @ConfigProperty(name = "quarkus.rest.input-buffer-size") MemorySize restInputBuffer, LimitsConfig limits) {
        // Past its input buffer, Quarkus REST re-reads the body as a stream, which finds nothing once it was read here.
        if (maxBodySize.asLongValue() > restInputBuffer.asLongValue()) {
            throw new IllegalStateException("quarkus.http.limits.max-body-size (" + maxBodySize.asLongValue()
                    + " bytes) must not exceed quarkus.rest.input-buffer-size (" + restInputBuffer.asLongValue()
                    + " bytes, fixed at build time)");
        }
        // Uploads to disk and form parsing are off: the API takes JSON only, and disk I/O has no place on the event loop.
        this.maxBodySize = maxBodySize.asLongValue();
        this.bodyTimeoutMillis = limits.bodyTimeout().toMillis();
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
            limitTime(context);
            context.put(READ_HERE, Boolean.TRUE);
            bodies.handle(context);
        }
    }

    /**
     * The second handler of the stage, after the body is read: BodyHandler leaves no body at all when a chunked body
     * had no data (its last chunk alone), and Quarkus REST would then wait to read the ended request itself, forever.
     */
    void keepEmptyBody(RoutingContext context) {
        if (context.get(READ_HERE) != null && context.body().buffer() == null) {
            ((RoutingContextInternal) context).setBody(Buffer.buffer());
        }
        context.next();
    }

    private void limitTime(RoutingContext context) {
        HttpServerRequest request = context.request();
        long timer = context.vertx().setTimer(bodyTimeoutMillis, ignored -> {
            if (!request.isEnded() && !context.response().headWritten()) {
                context.fail(408);
            }
        });
        ExchangeEnd.register(context, () -> context.vertx().cancelTimer(timer));
        // Vert.x reports a body its HTTP decoder cannot read (a malformed chunk size) as an exception on the response,
        // and closes the connection right after: answered here first, it is a counted 400 rather than a silent close.
        context.response().exceptionHandler(failure -> {
            if (!(failure instanceof IOException) && !request.isEnded() && !context.response().headWritten()) {
                context.fail(400, failure);
            }
        });
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
