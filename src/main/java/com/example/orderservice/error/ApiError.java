package com.example.orderservice.error;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every error the service answers with, as an RFC 9457 problem details object ({@code application/problem+json}, the
 * format Spring Boot, API gateways and generated clients read): {@code type} and {@code title} say what kind of
 * problem it is, {@code detail} what went wrong this time, {@code instance} the path it happened at, and
 * {@code errors}, the one extension member, names every bad field of the request at once.
 * <p>
 * The {@code type} is {@code about:blank} (RFC 9457 section 4.2.1: the status says it all, and the title is its
 * reason phrase) for every problem but a request with bad fields, whose type {@link #INVALID_FIELDS} defines
 * {@code errors}.
 */
// Serialized from the exception mappers' Response entities, which Quarkus does not see at build time: registered
// so that the native executable keeps their fields.
@RegisterForReflection(targets = { ApiError.class, ApiError.FieldViolation.class })
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(String type, String title, int status, String detail, String instance,
        List<FieldViolation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** An identifier, and the section of docs/api.md that describes it. */
    public static final String INVALID_FIELDS =
            "https://github.com/example/order-service/blob/main/docs/api.md#invalid-fields";
    static final String BLANK = "about:blank";

    /**
     * One bad field: where it is, as a JSON Pointer (RFC 6901) into the request body ({@code /items/0/quantity}), and
     * what is wrong with it.
     */
    public record FieldViolation(String pointer, String detail) {
    }

    /** The answer for a status when nothing more specific is known. */
    public static ApiError of(int status) {
        return of(status, defaultDetail(status));
    }

    /** With the standard reason phrase as the title, also for codes Jakarta REST has no constant for (422, 507). */
    public static ApiError of(int status, String detail) {
        return new ApiError(BLANK, HttpResponseStatus.valueOf(status).reasonPhrase(), status, detail, null, List.of());
    }

    /** A 400 that names each bad field: {@code violations} must not be empty. */
    public static ApiError invalidFields(List<FieldViolation> violations) {
        return new ApiError(INVALID_FIELDS, "The request has invalid fields", 400,
                violations.size() == 1 ? "1 field is invalid" : violations.size() + " fields are invalid", null,
                violations);
    }

    /** This error as it happened at {@code path}, the request's path without its query. */
    public ApiError at(String path) {
        return new ApiError(type, title, status, detail, path, errors);
    }

    static String defaultDetail(int status) {
        return switch (status) {
            case 400 -> "The request is invalid";
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "Only application/json responses are available";
            case 413 -> "The body is larger than the service accepts";
            case 415 -> "The body must be sent as application/json";
            case 500 -> "The request could not be processed";
            case 503 -> "The service is overloaded; retry after the number of seconds in Retry-After";
            default -> HttpResponseStatus.valueOf(status).reasonPhrase();
        };
    }
}
