package com.example.orderservice.order;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the order tables hold, read over the test's own JDBC connection: the database's word on which orders exist,
 * independent of what the service answered.
 */
final class OrderTables {

    /** One stored order: its id, its Idempotency-Key, and how many item rows it has. */
    record StoredOrder(String id, String idempotencyKey, int items) {
    }

    private OrderTables() {
    }

    /** Every stored order, by id. */
    static Map<String, StoredOrder> byId(PostgresServer database) {
        Map<String, StoredOrder> orders = new HashMap<>();
        for (StoredOrder order : all(database)) {
            orders.put(order.id(), order);
        }
        return orders;
    }

    /** Every stored order, grouped by Idempotency-Key ({@code null} for orders placed without one). */
    static Map<String, List<StoredOrder>> byKey(PostgresServer database) {
        Map<String, List<StoredOrder>> orders = new HashMap<>();
        for (StoredOrder order : all(database)) {
            orders.computeIfAbsent(order.idempotencyKey(), key -> new ArrayList<>()).add(order);
        }
        return orders;
    }

    /**
     * A transaction of the test's own that holds {@code table} in SHARE mode until closed (and rolled back): reads go
     * on, and every INSERT into the table waits inside the database. A save of the service is then in progress, in
     * its transaction, for as long as the test wants.
     */
    static Connection holdInserts(PostgresServer database, String table) {
        try {
            Connection connection = database.connect();
            connection.setAutoCommit(false);
            connection.createStatement().execute("LOCK TABLE " + table + " IN SHARE MODE");
            return connection;
        } catch (SQLException e) {
            throw new AssertionError("cannot lock " + table, e);
        }
    }

    /** The server processes (pids) of the service's connections whose INSERT into {@code table} waits for a lock. */
    static List<Integer> waitingInserts(PostgresServer database, String table) {
        try (Connection connection = database.connect();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT pid FROM pg_stat_activity
                        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE ?""")) {
            query.setString(1, "INSERT INTO " + table + " %");
            List<Integer> pids = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    pids.add(rows.getInt(1));
                }
            }
            return pids;
        } catch (SQLException e) {
            throw new AssertionError("cannot read pg_stat_activity", e);
        }
    }

    private static List<StoredOrder> all(PostgresServer database) {
        try (Connection connection = database.connect();
                ResultSet rows = connection.createStatement().executeQuery("""
                        SELECT o.id, o.idempotency_key, (SELECT count(*) FROM order_items i WHERE i.order_id = o.id)
                        FROM orders o""")) {
            List<StoredOrder> orders = new ArrayList<>();
            while (rows.next()) {
                orders.add(new StoredOrder(rows.getString(1), rows.getString(2), rows.getInt(3)));
            }
            return orders;
        } catch (SQLException e) {
            throw new AssertionError("cannot read the order tables", e);
        }
    }
}
