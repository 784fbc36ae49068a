package com.example.orderservice.error;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes an {@link ApiError} from plain Vert.x handlers, for the answers given before or outside Quarkus REST (body
 * too large, overload, failures of Vert.x routes), so that every error is the same problem details object.
 */
@Singleton
public class ApiErrorWriter {

    private final ObjectMapper mapper;

    ApiErrorWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The serialized error, for answers whose body does not depend on the request. */
    public Buffer render(ApiError error) {
        try {
            return Buffer.buffer(mapper.writeValueAsBytes(error));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ApiError is always serializable", e);
        }
    }

    /** A body rendered beforehand, as it is: it carries no {@code instance} unless it was rendered with one. */
    public void end(RoutingContext context, int status, Buffer body) {
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, ApiError.MEDIA_TYPE)
                .end(body);
    }

    /** The error as it happened at this request's path. */
    public void end(RoutingContext context, ApiError error) {
        end(context, error.status(), render(error.at(context.request().path())));
    }
}
