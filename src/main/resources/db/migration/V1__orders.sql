-- Orders and their items, as the API accepts them (limits in OrderRequest and OrderItem).
CREATE TABLE orders (
    id              uuid         PRIMARY KEY,
    customer_id     varchar(64)  NOT NULL,
    created_at      timestamptz  NOT NULL,
    -- The client's Idempotency-Key. UNIQUE makes the database, not a replica, decide which of several concurrent
    -- retries creates the order: the others' INSERT ... ON CONFLICT DO NOTHING inserts nothing and reads the winner.
    -- NULLs never conflict, so orders placed without a key do not collide.
    idempotency_key varchar(255) UNIQUE
);

CREATE TABLE order_items (
    order_id uuid        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    -- The item's position in the request: items are answered in the order they were sent.
    line     smallint    NOT NULL,
    sku      varchar(64) NOT NULL,
    quantity integer     NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    PRIMARY KEY (order_id, line)
);
