package com.example.orderservice.error;

import jakarta.ws.rs.WebApplicationException;

/**
 * A failure whose message is written for the client. Other {@link WebApplicationException}s carry framework text
 * ("Unable to find matching target resource method") and get a fixed message per status instead.
 */
public class ApiException extends WebApplicationException {

    public ApiException(int status, String message) {
        super(message, null, status);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }
}
