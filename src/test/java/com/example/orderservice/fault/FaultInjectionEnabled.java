package com.example.orderservice.fault;

import java.util.Map;

import com.example.orderservice.ConfigOverrides;

/** The base of the test profiles that run the service with fault injection on, and settings of their own. */
public abstract class FaultInjectionEnabled extends ConfigOverrides {

    protected FaultInjectionEnabled(Map<String, String> more) {
        super(merged(Map.of("app.fault-injection.enabled", "true"), more));
    }
}
