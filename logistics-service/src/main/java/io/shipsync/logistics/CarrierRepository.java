package io.shipsync.logistics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shipsync.events.CarrierAccountState;
import io.shipsync.wechat.EwaybillApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/** Rows of {@code carrier_settings} and {@code carrier_accounts}. */
@ApplicationScoped
public class CarrierRepository {

    private static final String SELECT_ACCOUNT = """
            SELECT shop_id, carrier_code, account_id, site_code, site_name, monthly_card, balance, sender::text AS sender, template_id,
                   state, state_detail, state_since, checked_at
            FROM carrier_accounts\s""";

    private final Session session;
    private final ObjectMapper json;

    CarrierRepository(Session session, ObjectMapper json) {
        this.session = session;
        this.json = json;
    }

    public Optional<CarrierSettings> settings(String shopId) {
        return session.createNativeQuery("""
                        SELECT shop_id, enabled_carriers, default_carrier, backup_carrier, balance_threshold, updated_at, updated_by
                        FROM carrier_settings WHERE shop_id = ?1""", Tuple.class)
                .setParameter(1, shopId).getResultList().stream().findFirst()
                .map(r -> new CarrierSettings(r.get("shop_id", String.class),
                        Arrays.asList(r.get("enabled_carriers", String[].class)), r.get("default_carrier", String.class),
                        r.get("backup_carrier", String.class), r.get("balance_threshold", Long.class),
                        r.get("updated_at", Instant.class), r.get("updated_by", String.class)));
    }

    public List<String> shopsWithSettings() {
        return session.createNativeQuery("SELECT shop_id FROM carrier_settings ORDER BY shop_id", String.class).getResultList();
    }

    public void save(CarrierSettings s) {
        session.createNativeQuery("""
                        INSERT INTO carrier_settings (shop_id, enabled_carriers, default_carrier, backup_carrier, balance_threshold,
                                                      updated_at, updated_by)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                        ON CONFLICT (shop_id) DO UPDATE SET enabled_carriers = EXCLUDED.enabled_carriers,
                          default_carrier = EXCLUDED.default_carrier, backup_carrier = EXCLUDED.backup_carrier,
                          balance_threshold = EXCLUDED.balance_threshold, updated_at = EXCLUDED.updated_at,
                          updated_by = EXCLUDED.updated_by""")
                .setParameter(1, s.shopId()).setParameter(2, s.enabledCarriers().toArray(String[]::new))
                .setParameter(3, s.defaultCarrier()).setParameter(4, s.backupCarrier()).setParameter(5, s.balanceThreshold())
                .setParameter(6, s.updatedAt()).setParameter(7, s.updatedBy())
                .executeUpdate();
    }

    public List<CarrierAccount> accounts(String shopId) {
        return session.createNativeQuery(SELECT_ACCOUNT + "WHERE shop_id = ?1 ORDER BY carrier_code, account_id", Tuple.class)
                .setParameter(1, shopId).getResultList().stream().map(this::account).toList();
    }

    public Optional<CarrierAccount> account(String shopId, String carrierCode, String accountId) {
        return session.createNativeQuery(SELECT_ACCOUNT + "WHERE shop_id = ?1 AND carrier_code = ?2 AND account_id = ?3",
                        Tuple.class)
                .setParameter(1, shopId).setParameter(2, carrierCode).setParameter(3, accountId)
                .getResultList().stream().findFirst().map(this::account);
    }

    /**
     * Keeps what a check found, the template already chosen staying as it is; the state's start moves only when the
     * state changes.
     */
    public void checked(CarrierAccount a) {
        session.createNativeQuery("""
                        INSERT INTO carrier_accounts (shop_id, carrier_code, account_id, site_code, site_name, balance, sender,
                                                      template_id, state, state_detail, state_since, checked_at, monthly_card)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS jsonb), ?8, ?9, ?10, ?11, ?12, ?13)
                        ON CONFLICT (shop_id, carrier_code, account_id) DO UPDATE SET
                          site_code = coalesce(EXCLUDED.site_code, carrier_accounts.site_code),
                          site_name = coalesce(EXCLUDED.site_name, carrier_accounts.site_name),
                          monthly_card = coalesce(EXCLUDED.monthly_card, carrier_accounts.monthly_card),
                          balance = coalesce(EXCLUDED.balance, carrier_accounts.balance),
                          sender = coalesce(EXCLUDED.sender, carrier_accounts.sender),
                          state_since = CASE WHEN carrier_accounts.state = EXCLUDED.state THEN carrier_accounts.state_since
                                             ELSE EXCLUDED.state_since END,
                          state = EXCLUDED.state, state_detail = EXCLUDED.state_detail, checked_at = EXCLUDED.checked_at""")
                .setParameter(1, a.shopId()).setParameter(2, a.carrierCode()).setParameter(3, a.accountId())
                .setParameter(4, a.siteCode()).setParameter(5, a.siteName()).setParameter(6, a.balance())
                .setParameter(7, a.sender() == null ? null : write(a.sender())).setParameter(8, a.templateId())
                .setParameter(9, a.state().name()).setParameter(10, a.stateDetail()).setParameter(11, a.stateSince())
                .setParameter(12, a.checkedAt()).setParameter(13, a.monthlyCard())
                .executeUpdate();
    }

    /** Sets the template labels of this account print with; false when the shop has no such account. */
    public boolean template(String shopId, String carrierCode, String accountId, String templateId) {
        return session.createNativeQuery("""
                        UPDATE carrier_accounts SET template_id = ?4 WHERE shop_id = ?1 AND carrier_code = ?2 AND account_id = ?3""")
                .setParameter(1, shopId).setParameter(2, carrierCode).setParameter(3, accountId).setParameter(4, templateId)
                .executeUpdate() > 0;
    }

    private CarrierAccount account(Tuple r) {
        String sender = r.get("sender", String.class);
        return new CarrierAccount(r.get("shop_id", String.class), r.get("carrier_code", String.class),
                r.get("account_id", String.class), r.get("site_code", String.class), r.get("site_name", String.class),
                r.get("monthly_card", String.class), r.get("balance", Long.class), sender == null ? null : read(sender), r.get("template_id", String.class),
                CarrierAccountState.valueOf(r.get("state", String.class)), r.get("state_detail", String.class),
                r.get("state_since", Instant.class), r.get("checked_at", Instant.class));
    }

    private String write(EwaybillApi.Address address) {
        try {
            return json.writeValueAsString(address);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private EwaybillApi.Address read(String address) {
        try {
            return json.readValue(address, EwaybillApi.Address.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("carrier_accounts.sender holds what we never wrote", e);
        }
    }
}
