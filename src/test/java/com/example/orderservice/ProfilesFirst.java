package com.example.orderservice;

import java.util.Comparator;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

import io.quarkus.test.junit.TestProfile;

/**
 * The order of the integration test classes (failsafe's {@code quarkus.test.class-orderer}, within Quarkus' own
 * grouping): those of one test profile one after another, so that each application starts once, where Quarkus would
 * start one anew at every change of profile in the order of class names; and the profiled classes first, which here are
 * the ones that spend their time waiting (on Prometheus' and Alertmanager's intervals, on the service's time limits)
 * while ImagePushIT's build, started with the run, takes the CPU.
 */
public class ProfilesFirst implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator
                .comparing((ClassDescriptor test) -> test.findAnnotation(TestProfile.class)
                        .map(profile -> "0 " + profile.value().getName()).orElse("1"))
                .thenComparing(test -> test.getTestClass().getName()));
    }
}
