package io.shipsync.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.events.CarrierAccountChanged;
import io.shipsync.events.CarrierAccountState;
import io.shipsync.events.EventCodec;
import io.shipsync.infra.testing.RealInfrastructure;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** An e-waybill account (电子面单账号) printing fails or will soon fail with. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class CarrierAccountRuleTest {

    @Inject
    EventCodec codec;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void anAccountNotAuthorisedOrLowRaisesOnceCountsEachBadCheckAndResolvesWhenAuthorisedAgain() {
        OperationsShop shop = new OperationsShop(codec, bootstrap, dataSource);
        String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
        Subject subject = Subject.carrierAccount(account);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        shop.applied(check(account, CarrierAccountState.AUTHORIZED, null, 800L, at));
        assertThat(shop.alerts(Rule.CARRIER_ACCOUNT_PROBLEM, subject)).isEmpty();

        shop.applied(check(account, CarrierAccountState.NOT_AUTHORIZED, CarrierAccountState.AUTHORIZED, null, at.plusSeconds(60)),
                check(account, CarrierAccountState.PLATFORM_UNREACHABLE, CarrierAccountState.NOT_AUTHORIZED, null, at.plusSeconds(120)),
                check(account, CarrierAccountState.BALANCE_LOW, CarrierAccountState.PLATFORM_UNREACHABLE, 12L, at.plusSeconds(180)));
        Map<String, Object> alert = shop.awaitAlert(Rule.CARRIER_ACCOUNT_PROBLEM, subject, AlertState.OPEN);
        assertThat(alert).as("an unreachable platform says nothing about the account").containsEntry("repeats", 2)
                .containsEntry("severity", "CRITICAL").containsEntry("raisedAt", at.plusSeconds(60).toString());
        assertThat((String) alert.get("summary")).isEqualTo("SF account " + account + " has 12 waybills left, below 50");

        shop.applied(check(account, CarrierAccountState.AUTHORIZED, CarrierAccountState.BALANCE_LOW, 500L, at.plusSeconds(240)));
        Map<String, Object> resolved = shop.awaitAlert(Rule.CARRIER_ACCOUNT_PROBLEM, subject, AlertState.RESOLVED);
        assertThat(resolved).containsEntry("resolvedAt", at.plusSeconds(240).toString());
        assertThat(shop.alerts(Rule.CARRIER_ACCOUNT_PROBLEM, subject)).hasSize(1);
        OrderRulesTest.assertAnnouncedOnce(shop, resolved.get("id"), "CARRIER_ACCOUNT_PROBLEM", 2);
        assertThat(shop.rows("ops_carrier_accounts", "account_id")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("state", "AUTHORIZED").containsEntry("balance", 500L));
    }

    private static CarrierAccountChanged check(String account, CarrierAccountState state, CarrierAccountState previous,
                                               Long balance, Instant at) {
        return new CarrierAccountChanged("SF", account, state, previous, balance, 50, at);
    }
}
