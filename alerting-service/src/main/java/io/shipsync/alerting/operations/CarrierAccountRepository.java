package io.shipsync.alerting.operations;

import io.shipsync.events.CarrierAccountChanged;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.Session;

/** {@code ops_carrier_accounts}: each e-waybill account (电子面单账号) as its last check found it. */
@ApplicationScoped
public class CarrierAccountRepository {

    private final Session session;

    CarrierAccountRepository(Session session) {
        this.session = session;
    }

    public void changed(String shopId, CarrierAccountChanged changed) {
        session.createNativeQuery("""
                INSERT INTO ops_carrier_accounts (shop_id, account_id, carrier_code, state, previous_state, balance, threshold,
                                                  checked_at)
                VALUES (?1, ?2, ?3, ?4, CAST(?5 AS varchar), CAST(?6 AS bigint), ?7, ?8)
                ON CONFLICT (shop_id, account_id) DO UPDATE SET carrier_code = EXCLUDED.carrier_code, state = EXCLUDED.state,
                  previous_state = EXCLUDED.previous_state, balance = EXCLUDED.balance, threshold = EXCLUDED.threshold,
                  checked_at = EXCLUDED.checked_at""")
                .setParameter(1, shopId).setParameter(2, changed.accountId()).setParameter(3, changed.carrierCode())
                .setParameter(4, changed.state().name())
                .setParameter(5, changed.previousState() == null ? null : changed.previousState().name())
                .setParameter(6, changed.balance()).setParameter(7, changed.threshold()).setParameter(8, changed.checkedAt())
                .executeUpdate();
    }
}
