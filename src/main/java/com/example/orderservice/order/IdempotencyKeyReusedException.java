package com.example.orderservice.order;

/** The Idempotency-Key was already used for a different purchase: a client bug, not a replay. */
public class IdempotencyKeyReusedException extends RuntimeException {

    IdempotencyKeyReusedException() {
        super("This " + IdempotencyKey.HEADER + " was already used for a different order; use a new key for a new "
                + "order", null, false, false);
    }
}
