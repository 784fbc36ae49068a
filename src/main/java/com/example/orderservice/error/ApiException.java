package com.example.orderservice.error;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;

/**
 * A failure whose problem details are written for the client. Other {@link WebApplicationException}s carry framework
 * text ("Unable to find matching target resource method") and get a fixed detail per status instead.
 */
public class ApiException extends WebApplicationException {

    private final transient ApiError error;

    public ApiException(int status, String message) {
        this(ApiError.of(status, message));
    }

    public ApiException(ApiError error) {
        super(error.detail(), null, error.status());
        this.error = error;
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** A 400 naming each bad field of the request; {@code violations} must not be empty. */
    public static ApiException invalidFields(List<ApiError.FieldViolation> violations) {
        return new ApiException(ApiError.invalidFields(violations));
    }

    public ApiError error() {
        return error;
    }
}
