package com.example.orderservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import com.example.orderservice.error.ApiError;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a native executable cannot do, caught on the compiled classes in JVM mode, where everything works: a native
 * image keeps only the reflection metadata and classpath resources that were registered when it was built, so code
 * that reads annotations, looks up methods or fields by name, loads classes by name or reads resources at run time
 * fails there (with NoSuchMethodException, a missing annotation or a null resource), and so does Jackson on a type
 * it was never told about. Quarkus registers what its extensions see at build time (resource classes for dispatch,
 * configuration mappings, Flyway's migrations, the types of resource method signatures it can resolve); the service's
 * own code must stay within that.
 */
class NativeSafetyTest {

    /** Methods that look things up by reflection or on the classpath, whatever class declares them. */
    private static final Set<String> REFLECTIVE_METHODS = Set.of(
            "forName", "loadClass",
            "getMethod", "getMethods", "getDeclaredMethod", "getDeclaredMethods",
            "getDeclaredField", "getDeclaredFields",
            "getConstructor", "getConstructors", "getDeclaredConstructor", "getDeclaredConstructors",
            "getAnnotation", "getAnnotations", "getDeclaredAnnotation", "getDeclaredAnnotations",
            "getAnnotationsByType", "getDeclaredAnnotationsByType", "isAnnotationPresent", "getRecordComponents",
            "getResourceMethod", "getResourceClass",
            "getResource", "getResources", "getResourceAsStream",
            "getSystemResource", "getSystemResources", "getSystemResourceAsStream");
    /** Classes every call on which is reflection. */
    private static final List<String> REFLECTIVE_OWNERS = List.of(
            "java/lang/reflect/", "java/lang/invoke/MethodHandles$Lookup", "java/util/ServiceLoader");

    @Test
    void noCodeLooksUpClassesMembersAnnotationsOrResourcesAtRunTime() {
        List<String> calls = new ArrayList<>();
        for (ClassReader reader : CompiledClasses.all()) {
            for (Call call : calls(reader)) {
                if (REFLECTIVE_METHODS.contains(call.name())
                        || REFLECTIVE_OWNERS.stream().anyMatch(call.owner()::startsWith)
                        || call.owner().equals("java/lang/Class") && call.name().equals("newInstance")) {
                    calls.add(reader.getClassName() + "." + call.method() + " calls " + call.owner() + "."
                            + call.name());
                }
            }
        }
        assertEquals(List.of(), calls, "reflection or classpath lookups that a native executable does not support");
    }

    @Test
    void everyTypeTheApiReadsOrWritesAsJsonIsRegisteredForReflection() {
        List<ClassReader> classes = CompiledClasses.all();
        Set<Class<?>> json = new LinkedHashSet<>();
        for (ClassReader reader : classes) {
            Class<?> type = CompiledClasses.load(reader.getClassName());
            boolean resource = type.isAnnotationPresent(Path.class);
            for (Method method : type.getDeclaredMethods()) {
                if (resource && Arrays.stream(method.getAnnotations()).anyMatch(NativeSafetyTest::isHttpMethod)) {
                    collect(method.getGenericReturnType(), json);
                    Arrays.stream(method.getGenericParameterTypes()).forEach(parameter -> collect(parameter, json));
                }
                if (method.isAnnotationPresent(ServerExceptionMapper.class)) {
                    collect(method.getGenericReturnType(), json);
                }
            }
            for (org.objectweb.asm.Type parameter : parametersOfObjectMapperCallers(reader)) {
                collect(CompiledClasses.load(parameter.getInternalName()), json);
            }
        }
        assertTrue(json.contains(ApiError.class), "the error body is found: " + json);

        Set<String> registered = registeredTypes(classes);
        Set<String> unregistered = new TreeSet<>();
        json.stream().map(Class::getName).filter(name -> !registered.contains(name)).forEach(unregistered::add);
        assertEquals(Set.of(), unregistered, "JSON types without @RegisterForReflection (of " + json + ")");
    }

    private static boolean isHttpMethod(Annotation annotation) {
        return annotation.annotationType().isAnnotationPresent(HttpMethod.class);
    }

    /** The service's own types in {@code type}, with those they contain, as Jackson walks them. */
    private static void collect(Type type, Set<Class<?>> found) {
        if (type instanceof ParameterizedType parameterized) {
            collect(parameterized.getRawType(), found);
            Arrays.stream(parameterized.getActualTypeArguments()).forEach(argument -> collect(argument, found));
        } else if (type instanceof WildcardType wildcard) {
            Arrays.stream(wildcard.getUpperBounds()).forEach(bound -> collect(bound, found));
        } else if (type instanceof GenericArrayType array) {
            collect(array.getGenericComponentType(), found);
        } else if (type instanceof Class<?> plain) {
            if (plain.isArray()) {
                collect(plain.getComponentType(), found);
            } else if (plain.getName().startsWith(CompiledClasses.PACKAGE.replace('/', '.')) && found.add(plain)) {
                if (plain.isRecord()) {
                    for (RecordComponent component : plain.getRecordComponents()) {
                        collect(component.getGenericType(), found);
                    }
                } else {
                    for (Field field : plain.getDeclaredFields()) {
                        if (!Modifier.isStatic(field.getModifiers())) {
                            collect(field.getGenericType(), found);
                        }
                    }
                }
            }
        }
    }

    /** The parameters of methods that hand a value to Jackson themselves (the Vert.x-level error writer). */
    private static List<org.objectweb.asm.Type> parametersOfObjectMapperCallers(ClassReader reader) {
        return calls(reader).stream()
                .filter(call -> call.owner().equals("com/fasterxml/jackson/databind/ObjectMapper"))
                .filter(call -> call.name().startsWith("write") || call.name().startsWith("read")
                        || call.name().equals("convertValue"))
                .flatMap(call -> Arrays.stream(org.objectweb.asm.Type.getArgumentTypes(call.descriptor())))
                .filter(type -> type.getSort() == org.objectweb.asm.Type.OBJECT)
                .filter(type -> type.getInternalName().startsWith(CompiledClasses.PACKAGE))
                .toList();
    }

    /** A method call in a compiled class: the calling method, with its descriptor, and the owner and name called. */
    private record Call(String method, String descriptor, String owner, String name) {
    }

    private static List<Call> calls(ClassReader reader) {
        List<Call> calls = new ArrayList<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
                        calls.add(new Call(method, descriptor, owner, name));
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return calls;
    }

    /**
     * What {@code @RegisterForReflection} registers: the annotated class and its nested classes, or only the listed
     * targets when there are any.
     */
    private static Set<String> registeredTypes(List<ClassReader> classes) {
        Set<String> registered = new TreeSet<>();
        for (ClassReader reader : classes) {
            Class<?> type = CompiledClasses.load(reader.getClassName());
            RegisterForReflection registration = type.getAnnotation(RegisterForReflection.class);
            if (registration == null) {
                continue;
            }
            if (registration.targets().length == 0 && registration.classNames().length == 0) {
                registered.add(type.getName());
                if (!registration.ignoreNested()) {
                    Arrays.stream(type.getDeclaredClasses()).map(Class::getName).forEach(registered::add);
                }
            }
            Arrays.stream(registration.targets()).map(Class::getName).forEach(registered::add);
            registered.addAll(Arrays.asList(registration.classNames()));
        }
        return registered;
    }
}
