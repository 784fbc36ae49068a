package com.example.orderservice.image;

import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts {@link ImagePushIT}'s push when a test run that includes it begins, and stops what the push started when the
 * run ends, should that class not have stopped it (registered in META-INF/services: surefire's runs, which never
 * include it, are left alone).
 */
public class PushAtStart implements TestExecutionListener {

    private boolean started;

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        boolean included = plan.getRoots().stream().flatMap(root -> plan.getDescendants(root).stream())
                .anyMatch(test -> test.getSource().filter(ClassSource.class::isInstance)
                        .map(source -> ((ClassSource) source).getClassName())
                        .filter(ImagePushIT.class.getName()::equals).isPresent());
        if (included) {
            ImagePushIT.startPushing();
            started = true;
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (started) {
            ImagePushIT.stopPushing();
        }
    }
}
