package io.shipsync.eventing.security;

/** The roles a ShipSync token grants (its {@code groups} claim). */
public final class Roles {

    /** Reads what its shops have. */
    public static final String VIEWER = "viewer";
    /** Runs its shops' day: declares shipments, adjusts stock, releases holds. */
    public static final String OPERATOR = "operator";
    /** Configures its shops: rules, thresholds, carrier accounts. */
    public static final String ADMIN = "admin";
    /** Runs ShipSync itself for every shop: the services' dead letters and redrives; its token names no shop. */
    public static final String SYSTEM = "system";

    private Roles() {
    }
}
