package com.example.orderservice.error;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.vertx.ext.web.RoutingContext;

/**
 * Answers failures of Vert.x-level handlers with an {@link ApiError}: the body limit's 413, and anything that fails
 * outside Quarkus REST, whose exception mappers never see these. Quarkus' own error page would otherwise answer with
 * an empty body or, for unexpected failures, HTML.
 */
@Singleton
public class RouteFailureHandler {

    private static final Logger LOG = Logger.getLogger(RouteFailureHandler.class);

    private final ApiErrorWriter writer;

    RouteFailureHandler(ApiErrorWriter writer) {
        this.writer = writer;
    }

    public void handle(RoutingContext context) {
        if (context.response().headWritten()) {
            // Too late for an answer: the client got a status already. Closing tells it the response is incomplete.
            context.request().connection().close();
            return;
        }
        int status = context.statusCode() > 0 ? context.statusCode() : 500;
        if (status >= 500 && context.failure() != null) {
            LOG.error("Unexpected failure while handling a request", context.failure());
        }
        writer.end(context, ApiError.of(status));
    }
}
