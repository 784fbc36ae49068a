package com.example.orderservice.fault;

import java.util.Map;

import com.example.orderservice.ConfigOverrides;

/** Runs the service with fault injection on. */
public class FaultInjectionEnabled extends ConfigOverrides {

    public FaultInjectionEnabled() {
        this(Map.of());
    }

    /** Fault injection on, and these settings. */
    protected FaultInjectionEnabled(Map<String, String> more) {
        super(merged(Map.of("app.fault-injection.enabled", "true"), more));
    }
}
