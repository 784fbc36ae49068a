package com.example.orderservice.error;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one shape of every error the service answers with: clients parse a single format, and {@code violations}
 * names each bad field so a client can point at it.
 */
// Serialized from the exception mappers' Response entities, which Quarkus does not see at build time: registered
// so that the native executable keeps their fields.
@RegisterForReflection(targets = { ApiError.class, ApiError.FieldViolation.class })
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(int status, String error, String message, List<FieldViolation> violations) {

    public record FieldViolation(String field, String message) {
    }

    public static ApiError of(int status, String error, String message) {
        return new ApiError(status, error, message, List.of());
    }

    /** The answer for a status when nothing more specific is known. */
    public static ApiError of(int status) {
        return of(status, defaultMessage(status));
    }

    static String defaultMessage(int status) {
        return switch (status) {
            case 400 -> "The request is invalid";
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "Only application/json responses are available";
            case 413 -> "The body is larger than the service accepts";
            case 415 -> "The body must be sent as application/json";
            case 503 -> "The service is overloaded; retry after the number of seconds in Retry-After";
            default -> HttpResponseStatus.valueOf(status).reasonPhrase();
        };
    }

    /** With the standard reason phrase as {@code error}, also for codes Jakarta REST has no constant for (422). */
    public static ApiError of(int status, String message) {
        return of(status, HttpResponseStatus.valueOf(status).reasonPhrase(), message);
    }
}
