package com.example.orderservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.objectweb.asm.ClassReader;

import com.example.orderservice.order.OrderService;

/** The service's own compiled classes (target/classes, wherever the checkout is), for checks on their bytecode. */
final class CompiledClasses {

    static final String PACKAGE = "com/example/orderservice/";

    private CompiledClasses() {
    }

    static List<ClassReader> all() {
        Path root = root();
        try (Stream<Path> files = Files.walk(root)) {
            List<ClassReader> classes = files.filter(file -> file.toString().endsWith(".class"))
                    .map(CompiledClasses::read)
                    .toList();
            if (classes.size() < 10) {
                throw new IllegalStateException("Found only " + classes.size() + " classes under " + root);
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class for an internal name such as {@code com/example/orderservice/error/ApiError}, not initialized. */
    static Class<?> load(String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, CompiledClasses.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path root() {
        try {
            return Path.of(OrderService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ClassReader read(Path file) {
        try {
            return new ClassReader(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
