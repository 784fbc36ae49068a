package com.example.orderservice.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Whether requests may ask for an injected failure; see {@link FaultInjection}. */
@ConfigMapping(prefix = "app.fault-injection")
public interface FaultInjectionConfig {

    /**
     * Off unless the process is started with it: a client can never switch it on, only whoever configures the
     * process (the end-to-end alert test does, to make the service answer 5xx on demand).
     */
    @WithDefault("false")
    boolean enabled();
}
