package com.example.orderservice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * The order domain (stores, service, their failures) knows nothing of HTTP: the request pipeline and the error
 * mapping decide what a domain failure means to a client, so the same domain could sit behind another protocol.
 */
class DomainBoundaryTest {

    private static final String DOMAIN = CompiledClasses.PACKAGE + "order/";
    private static final List<String> HTTP = List.of("jakarta/ws/rs/", "org/jboss/resteasy/", "io/vertx/core/http/",
            "io/vertx/ext/web/", "io/netty/handler/codec/http/", CompiledClasses.PACKAGE + "http/",
            CompiledClasses.PACKAGE + "error/");

    @Test
    void theOrderDomainRefersToNoHttpType() {
        Set<String> references = new TreeSet<>();
        for (ClassReader reader : CompiledClasses.all()) {
            if (!reader.getClassName().startsWith(DOMAIN)) {
                continue;
            }
            reader.accept(new ClassRemapper(new ClassWriter(0), new Remapper() {
                @Override
                public String map(String internalName) {
                    if (HTTP.stream().anyMatch(internalName::startsWith)) {
                        references.add(reader.getClassName() + " → " + internalName);
                    }
                    return internalName;
                }
            }), 0);
        }
        assertEquals(Set.of(), references);
    }
}
