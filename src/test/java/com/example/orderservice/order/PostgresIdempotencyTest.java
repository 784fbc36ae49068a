package com.example.orderservice.order;

import jakarta.enterprise.inject.Typed;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Every idempotency test against PostgreSQL: there the database decides (UNIQUE key, INSERT ... ON CONFLICT DO
 * NOTHING), so concurrent retries place one order even when they reach different replicas.
 */
// Typed: test classes are CDI beans; without it this one would also be an IdempotencyTest/OrderResourceTest bean
// and make the lookup of the in-memory test ambiguous.
@Typed(PostgresIdempotencyTest.class)
@QuarkusTest
@TestProfile(PostgresResource.WithPostgres.class)
public class PostgresIdempotencyTest extends IdempotencyTest {
}
