package com.example.orderservice.metrics;

import io.smallrye.config.ConfigMapping;

/** What the build wrote into application.properties about itself: the labels of {@link BuildInfo}. */
@ConfigMapping(prefix = "app.build")
public interface BuildConfig {

    /** The git commit the build was made from, or {@code unknown} when it was made without a git checkout. */
    String revision();

    /** The Quarkus version the service was built with. */
    String quarkusVersion();
}
