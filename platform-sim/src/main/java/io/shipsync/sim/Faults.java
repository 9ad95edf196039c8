package io.shipsync.sim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Injected faults, each consumed by the next matching calls until its count runs out. */
final class Faults {

    private static final class Active {
        final FaultSpec spec;
        int remaining;

        Active(FaultSpec spec) {
            this.spec = spec;
            this.remaining = spec.times();
        }
    }

    private final List<Active> active = new ArrayList<>();

    synchronized void add(FaultSpec spec) {
        active.add(new Active(spec));
    }

    /**
     * Takes one use of the first fault for this API path, shop and carrier (either null when the call names
     * none), or null.
     */
    synchronized FaultSpec take(String api, String shopId, String deliveryId) {
        for (Iterator<Active> it = active.iterator(); it.hasNext(); ) {
            Active fault = it.next();
            FaultSpec spec = fault.spec;
            if (spec.api().equals(api) && (spec.shopId() == null || spec.shopId().equals(shopId))
                    && (spec.deliveryId() == null || spec.deliveryId().equals(deliveryId))) {
                if (--fault.remaining == 0) {
                    it.remove();
                }
                return fault.spec;
            }
        }
        return null;
    }

    /** The active faults, each with the uses it has left as {@code times}. */
    synchronized List<FaultSpec> list() {
        return active.stream().map(f -> f.spec.withTimes(f.remaining)).toList();
    }

    synchronized void clear() {
        active.clear();
    }
}
