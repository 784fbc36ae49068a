package com.example.orderservice;

/**
 * A set-up that a {@code @QuarkusIntegrationTest} class runs once, from its first test's {@code @BeforeEach}: Quarkus
 * sets RestAssured's port for the packaged application only per test, so a {@code @BeforeAll} cannot send it requests.
 * A set-up that failed fails every later test of the class with that failure instead of running again.
 */
public final class SetUpOnce {

    /** The set-up itself. */
    public interface Step {
        void run() throws Exception;
    }

    private boolean done;
    private Throwable failure;

    public synchronized void run(Step setUp) {
        if (failure != null) {
            throw new AssertionError("set-up failed in an earlier test", failure);
        }
        if (done) {
            return;
        }
        try {
            setUp.run();
            done = true;
        } catch (Exception | AssertionError e) {
            failure = e;
            throw e instanceof AssertionError assertion ? assertion : new AssertionError("set-up failed", e);
        }
    }
}
