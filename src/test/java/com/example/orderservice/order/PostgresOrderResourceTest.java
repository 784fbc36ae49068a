package com.example.orderservice.order;

import jakarta.enterprise.inject.Typed;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The whole order API contract again, with the orders in PostgreSQL: the store changes nothing a client sees. */
// Typed: test classes are CDI beans; without it this one would also be an IdempotencyTest/OrderResourceTest bean
// and make the lookup of the in-memory test ambiguous.
@Typed(PostgresOrderResourceTest.class)
@QuarkusTest
@TestProfile(PostgresResource.WithPostgres.class)
public class PostgresOrderResourceTest extends OrderResourceTest {
}
