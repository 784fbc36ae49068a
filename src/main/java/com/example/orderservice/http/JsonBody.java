package com.example.orderservice.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Marks a resource method that reads its body as JSON: the request pipeline checks that body ({@link JsonBodyCheck})
 * before Jackson reads it. A name binding, so Quarkus REST attaches the check to these methods at build time, and a
 * {@code GET} with a stray body is not refused for it.
 */
@NameBinding
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface JsonBody {
}
