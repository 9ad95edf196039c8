package io.shipsync.infra.jwt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Mints a token for a local installation:
 * {@code MintToken [--keys DIR] [--role operator|viewer|admin|system] [--subject NAME] [--hours N] --shop SHOP...}.
 * Prints only the token, so it can be used as {@code TOKEN=$(...)}. Its issuer and audience are the local ones
 * ({@link TokenMinter#ISSUER}, {@link TokenMinter#AUDIENCE}); services refuse it once older than their maximum age.
 */
public final class MintToken {

    private MintToken() {
    }

    public static void main(String[] args) throws Exception {
        Path keys = Path.of(System.getenv().getOrDefault("SHIPSYNC_HOME", ".shipsync"), "jwt");
        String role = "operator";
        String subject = "local-operator";
        long hours = 12;
        List<String> shops = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--keys" -> keys = Path.of(require(value, "--keys"));
                case "--role" -> role = require(value, "--role");
                case "--subject" -> subject = require(value, "--subject");
                case "--hours" -> hours = Long.parseLong(require(value, "--hours"));
                case "--shop" -> shops.add(require(value, "--shop"));
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        // The system role runs ShipSync itself (dead letters) and is tied to no shop; every other role is.
        if (shops.isEmpty() && !role.equals("system")) {
            usage("name at least one --shop");
        }
        System.out.println(new TokenMinter(LocalKeys.loadOrCreate(keys)).mint(subject, role, shops, Duration.ofHours(hours)));
    }

    private static String require(String value, String option) {
        if (value == null) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("MintToken: " + problem);
        System.err.println("usage: MintToken [--keys DIR] [--role operator|viewer|admin|system] [--subject NAME] [--hours N] --shop SHOP [--shop SHOP...]");
        System.exit(2);
    }
}
