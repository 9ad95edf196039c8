package io.shipsync.eventing.secrets;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A column whose values are stored sealed by {@link SecretCipher}, with the columns that identify its row. The
 * names go into SQL as they are, so they must be plain lower-case identifiers (they come from code, never input).
 */
public record SealedColumn(String table, List<String> keyColumns, String column) {

    private static final String IDENTIFIER = "[a-z_][a-z0-9_]*";

    public SealedColumn {
        keyColumns = List.copyOf(keyColumns);
        if (keyColumns.isEmpty()) {
            throw new IllegalArgumentException("a sealed column needs the columns that identify its row");
        }
        for (String name : Stream.concat(Stream.of(table, column), keyColumns.stream()).toList()) {
            if (name == null || !name.matches(IDENTIFIER)) {
                throw new IllegalArgumentException("not a plain SQL identifier: " + name);
            }
        }
    }

    /** A column of a table keyed by one column, e.g. {@code of("platform_accounts", "shop_id", "app_secret")}. */
    public static SealedColumn of(String table, String keyColumn, String column) {
        return new SealedColumn(table, List.of(keyColumn), column);
    }

    /** The place of this column's value in the row with these key values, in {@link #keyColumns} order. */
    public SecretPlace place(String... keyValues) {
        if (keyValues.length != keyColumns.size()) {
            throw new IllegalArgumentException(this + " is keyed by " + keyColumns + ", not " + keyValues.length + " value(s)");
        }
        return new SecretPlace(table, column, Arrays.asList(keyValues));
    }

    @Override
    public String toString() {
        return table + "." + column;
    }
}
