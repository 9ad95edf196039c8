package io.shipsync.eventing.secrets;

import java.util.List;

/**
 * Where one sealed value lives: table, column and the row's key values. It is bound into the ciphertext (GCM's
 * associated data), so a value copied to another row or column does not open there.
 */
public record SecretPlace(String table, String column, List<String> row) {

    public SecretPlace {
        row = List.copyOf(row);
    }

    /** "platform_accounts.app_secret of [shop-1]": names the place, never the value. */
    @Override
    public String toString() {
        return table + "." + column + " of " + row;
    }
}
