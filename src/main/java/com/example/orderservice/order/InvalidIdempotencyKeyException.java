package com.example.orderservice.order;

/** The client sent an Idempotency-Key that cannot be stored and logged as sent. */
public class InvalidIdempotencyKeyException extends RuntimeException {

    InvalidIdempotencyKeyException() {
        super("The " + IdempotencyKey.HEADER + " header must be 1 to " + IdempotencyKey.MAX_LENGTH
                + " visible ASCII characters", null, false, false);
    }
}
