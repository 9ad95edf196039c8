package io.shipsync.logistics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/** Rows of {@code carrier_switches}. */
@ApplicationScoped
public class CarrierSwitchRepository {

    private static final String SELECT = """
            SELECT switch_id, shop_id, order_id, from_waybill_id, from_carrier, from_number, to_carrier, to_waybill_id, to_number,
                   step, failure, requested_by, requested_at, updated_at
            FROM carrier_switches\s""";

    private final Session session;

    CarrierSwitchRepository(Session session) {
        this.session = session;
    }

    /** @return false when the number already has a switch under way */
    public boolean add(CarrierSwitch s) {
        return session.createNativeQuery("""
                        INSERT INTO carrier_switches (switch_id, shop_id, order_id, from_waybill_id, from_carrier, from_number, to_carrier,
                                                      step, requested_by, requested_at, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'REQUESTED', ?8, ?9, ?9) ON CONFLICT DO NOTHING""")
                .setParameter(1, s.switchId()).setParameter(2, s.shopId()).setParameter(3, s.orderId())
                .setParameter(4, s.fromWaybillId()).setParameter(5, s.fromCarrier()).setParameter(6, s.fromNumber())
                .setParameter(7, s.toCarrier()).setParameter(8, s.requestedBy()).setParameter(9, s.requestedAt())
                .executeUpdate() == 1;
    }

    public Optional<CarrierSwitch> find(String shopId, UUID switchId) {
        return session.createNativeQuery(SELECT + "WHERE shop_id = ?1 AND switch_id = ?2", Tuple.class)
                .setParameter(1, shopId).setParameter(2, switchId)
                .getResultList().stream().findFirst().map(CarrierSwitchRepository::row);
    }

    public Optional<CarrierSwitch> lock(String shopId, UUID switchId) {
        return session.createNativeQuery(SELECT + "WHERE shop_id = ?1 AND switch_id = ?2 FOR UPDATE", Tuple.class)
                .setParameter(1, shopId).setParameter(2, switchId)
                .getResultList().stream().findFirst().map(CarrierSwitchRepository::row);
    }

    /** The switch under way for a number, if any. */
    public Optional<CarrierSwitch> open(String shopId, String fromNumber) {
        return session.createNativeQuery(SELECT + "WHERE shop_id = ?1 AND from_number = ?2 AND step NOT IN ('DECLARED', 'FAILED')",
                        Tuple.class)
                .setParameter(1, shopId).setParameter(2, fromNumber)
                .getResultList().stream().findFirst().map(CarrierSwitchRepository::row);
    }

    public List<CarrierSwitch> ofOrder(String shopId, String orderId) {
        return session.createNativeQuery(SELECT + "WHERE shop_id = ?1 AND order_id = ?2 ORDER BY requested_at", Tuple.class)
                .setParameter(1, shopId).setParameter(2, orderId)
                .getResultList().stream().map(CarrierSwitchRepository::row).toList();
    }

    public void taking(UUID switchId, long toWaybillId, Instant at) {
        session.createNativeQuery("UPDATE carrier_switches SET step = 'TAKING', to_waybill_id = ?2, updated_at = ?3 WHERE switch_id = ?1")
                .setParameter(1, switchId).setParameter(2, toWaybillId).setParameter(3, at).executeUpdate();
    }

    public void taken(UUID switchId, String toNumber, Instant at) {
        session.createNativeQuery("UPDATE carrier_switches SET step = 'TAKEN', to_number = ?2, updated_at = ?3 WHERE switch_id = ?1")
                .setParameter(1, switchId).setParameter(2, toNumber).setParameter(3, at).executeUpdate();
    }

    public void step(UUID switchId, CarrierSwitch.Step step, Instant at) {
        session.createNativeQuery("UPDATE carrier_switches SET step = ?2, updated_at = ?3 WHERE switch_id = ?1")
                .setParameter(1, switchId).setParameter(2, step.name()).setParameter(3, at).executeUpdate();
    }

    public void failed(UUID switchId, String failure, Instant at) {
        session.createNativeQuery("UPDATE carrier_switches SET step = 'FAILED', failure = ?2, updated_at = ?3 WHERE switch_id = ?1")
                .setParameter(1, switchId).setParameter(2, failure).setParameter(3, at).executeUpdate();
    }

    private static CarrierSwitch row(Tuple t) {
        return new CarrierSwitch(t.get("switch_id", UUID.class), t.get("shop_id", String.class), t.get("order_id", String.class),
                t.get("from_waybill_id", Long.class), t.get("from_carrier", String.class), t.get("from_number", String.class),
                t.get("to_carrier", String.class), t.get("to_waybill_id", Long.class), t.get("to_number", String.class),
                CarrierSwitch.Step.valueOf(t.get("step", String.class)), t.get("failure", String.class),
                t.get("requested_by", String.class), t.get("requested_at", Instant.class), t.get("updated_at", Instant.class));
    }
}
