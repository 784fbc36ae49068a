package com.example.orderservice.order;

/**
 * The store failed or did not answer in time; the client may retry. After a failed save the order may or may not be
 * stored, which is what the Idempotency-Key is for.
 */
public class OrderStoreUnavailableException extends RuntimeException {

    OrderStoreUnavailableException(Throwable cause) {
        super("The order store is unavailable; retry later", cause);
    }
}
