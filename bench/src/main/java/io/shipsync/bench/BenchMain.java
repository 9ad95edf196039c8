package io.shipsync.bench;

import java.util.concurrent.Callable;

/** How a benchmark's main ends: 0 when every check held, 1 when one failed, 2 when it could not run. */
final class BenchMain {

    private BenchMain() {
    }

    static void runAndExit(Callable<Boolean> benchmark) {
        int status;
        try {
            status = benchmark.call() ? 0 : 1;
        } catch (Exception e) {
            e.printStackTrace();
            status = 2;
        }
        // Broker and client threads are not all daemons.
        System.exit(status);
    }
}
