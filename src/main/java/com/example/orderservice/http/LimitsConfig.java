package com.example.orderservice.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Load shedding; see application.properties for why the defaults are what they are. */
@ConfigMapping(prefix = "app.limits")
public interface LimitsConfig {

    /** API requests in progress at once; the next one is answered 503 until one ends. */
    @WithDefault("512")
    int maxInFlight();

    /** The {@code Retry-After} of a 503, in seconds. */
    @WithDefault("1")
    int retryAfterSeconds();
}
