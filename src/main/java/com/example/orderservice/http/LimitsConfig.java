package com.example.orderservice.http;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Load shedding and the time limits of a request; application.properties states the values and why. */
@ConfigMapping(prefix = "app.limits")
public interface LimitsConfig {

    /** API requests in progress at once; the next one is answered 503 until one ends. */
    int maxInFlight();

    /** The {@code Retry-After} of a 503, in seconds. */
    int retryAfterSeconds();

    /** The longest a client may take to send a request body, from the end of its headers; past it, 408. */
    Duration bodyTimeout();
}
