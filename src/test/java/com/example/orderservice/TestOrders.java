package com.example.orderservice;

/** The order bodies the tests send, one definition each. */
public final class TestOrders {

    /** A valid order of {@link #ITEMS} items. */
    public static final String VALID = forCustomer("customer-42");
    /** How many items each order of {@link #forCustomer} has, for tests that read the stored rows. */
    public static final int ITEMS = 2;

    private TestOrders() {
    }

    /** A valid order of {@link #ITEMS} items for this customer, so that a test can find its own orders. */
    public static String forCustomer(String customerId) {
        return "{\"customerId\": \"" + customerId
                + "\", \"items\": [{\"sku\": \"sku-1\", \"quantity\": 2}, {\"sku\": \"sku-2\", \"quantity\": 1}]}";
    }
}
