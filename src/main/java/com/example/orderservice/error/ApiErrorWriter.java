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

    /** The error as it happened at this request's path. */
    public void end(RoutingContext context, ApiError error) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(error.at(context.request().path()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ApiError is always serializable", e);
        }
        context.response()
                .setStatusCode(error.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, ApiError.MEDIA_TYPE)
                .end(Buffer.buffer(body));
    }
}
