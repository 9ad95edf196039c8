package io.shipsync.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shipsync.infra.testing.PlatformSimResource;
import io.shipsync.infra.testing.RealInfrastructure;
import io.shipsync.sim.ApiCall;
import io.shipsync.sim.EwaybillAccountPatch;
import io.shipsync.sim.EwaybillAccountView;
import io.shipsync.sim.EwaybillCall;
import io.shipsync.sim.FaultSpec;
import io.shipsync.sim.OrderItem;
import io.shipsync.sim.OrderSpec;
import io.shipsync.sim.PlatformSim;
import io.shipsync.sim.ProductSpec;
import io.shipsync.sim.RiskHold;
import io.shipsync.sim.ShopSpec;
import io.shipsync.sim.SkuSpec;
import io.shipsync.wechat.EwaybillApi.Account;
import io.shipsync.wechat.EwaybillApi.Created;
import io.shipsync.wechat.EwaybillApi.EwaybillOrder;
import io.shipsync.wechat.EwaybillApi.Refused;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** EwaybillApi against platform-sim over HTTP: what each call answers, refusals told from outages, lost answers. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PlatformSimResource.class)
class EwaybillApiTest {

    private static final String PATH = EwaybillApi.PATH;
    private static final EwaybillApi.Address SENDER = new EwaybillApi.Address("ShipSync 仓", "13700000000", "浙江省",
            "杭州市", "余杭区", "仓前街道", "梦想小镇 1 号");
    private static final EwaybillApi.Address RECEIVER = new EwaybillApi.Address("张*", "138****8000", "浙江省",
            "杭州市", "西湖区", "", "文三路 ****");

    @Inject
    EwaybillApi ewaybills;
    @Inject
    PlatformSecrets secrets;

    private String shopId;
    private String orderId;

    @BeforeEach
    void shop() {
        shopId = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        String appId = "wx" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String aesKey = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 43);
        sim().createShop(new ShopSpec(shopId, appId, "secret-" + appId, "token", aesKey, null, "gh_" + appId.substring(2, 14)));
        sim().addProduct(shopId, ProductSpec.of("10000029995861", "纯棉短袖T恤", new SkuSpec("1873926101", "TS-M", 5900, 100)));
        QuarkusTransaction.requiringNew().run(() -> {
            PlatformAccount account = new PlatformAccount();
            account.shopId = shopId;
            account.appId = appId;
            secrets.store(account, "secret-" + appId, "token", aesKey);
            account.updatedAt = Instant.now();
            account.persist();
        });
        orderId = paidOrder();
    }

    @Test
    void accountsShowSiteMonthlyCardBalanceAndSendersAndCarriersTheOpenedOnes() {
        List<Account> accounts = ewaybills.accounts(shopId, null);
        assertThat(accounts).extracting(Account::deliveryId).containsExactly("SF", "JD", "ZTO", "YTO", "YUNDA", "JTSD");
        assertThat(accounts).allMatch(Account::usable);
        Account zto = ewaybills.accounts(shopId, "ZTO").get(0);
        assertThat(zto.site().siteCode()).isEqualTo(sim().ewaybillAccount(shopId, "ZTO").siteCode());
        assertThat(zto.companyType()).isEqualTo(1);
        assertThat(zto.available()).isEqualTo(1000);
        assertThat(zto.senderAddresses()).singleElement().extracting(EwaybillApi.Address::city).isEqualTo("杭州市");
        Account sf = accounts.get(0);
        assertThat(sf.site()).as("直营: a monthly account, no 网点").isNull();
        assertThat(sf.monthlyCard()).isEqualTo(sim().ewaybillAccount(shopId, "SF").monthlyCard());
        assertThat(sf.shopId()).isNotEmpty();
        assertThat(ewaybills.carriers(shopId)).extracting(EwaybillApi.Carrier::deliveryId).contains("SF", "JTSD");

        sim().setEwaybillAccount(shopId, zto.acctId(), new EwaybillAccountPatch(null, 0L));
        assertThat(ewaybills.accounts(shopId, "ZTO").get(0).usable()).as("no numbers left").isFalse();
    }

    @Test
    void takesANumberPrintsAddsSubOrdersAndCancels() {
        EwaybillOrder order = order("SF", orderId);
        String id = ewaybills.precreate(shopId, order);
        Created created = ewaybills.create(shopId, id, "single", order);
        assertThat(created.ewaybillOrderId()).isEqualTo(id);
        assertThat(created.waybillId()).startsWith("SF");
        assertThat(created.printInfo()).isNotEmpty();
        assertThat(created.waybillIdList()).extracting(EwaybillApi.WaybillNumber::waybillId).containsExactly(created.waybillId());
        assertThat(created.risk()).isEmpty();
        assertThat(ewaybills.order(shopId, id)).hasValueSatisfying(e -> {
            assertThat(e.taken()).isTrue();
            assertThat(e.waybillId()).isEqualTo(created.waybillId());
            assertThat(e.ecOrderIds()).containsExactly(orderId);
        });
        assertThat(ewaybills.printInfo(shopId, id, "single", null)).isEqualTo(created.printInfo());

        ewaybills.printed(shopId, id, "SF", created.waybillId(), false);
        ewaybills.printed(shopId, id, "SF", created.waybillId(), true);
        assertThat(sim().ewaybills()).filteredOn(e -> e.ewaybillOrderId().equals(id)).singleElement()
                .satisfies(e -> assertThat(List.of(e.printed(), e.reprinted())).containsExactly(1, 1));

        Created subs = ewaybills.addSubOrders(shopId, id, created.waybillId(), "SF", order.ewaybillAcctId(), 2, "single");
        assertThat(subs.waybillIdList()).hasSize(2).allSatisfy(n -> assertThat(n.waybillType()).isEqualTo(2));
        assertThat(ewaybills.printInfo(shopId, id, null, subs.waybillIdList().get(1).waybillId())).isNotEmpty();

        ewaybills.cancel(shopId, id, "SF", created.waybillId());
        assertThat(ewaybills.order(shopId, id)).hasValueSatisfying(e -> {
            assertThat(e.taken()).isFalse();
            assertThat(e.status()).isEqualTo(EwaybillApi.EWAYBILL_CANCELLED);
        });
        assertThatThrownBy(() -> ewaybills.cancel(shopId, id, "SF", created.waybillId()))
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.errcode()).isEqualTo(EwaybillApi.NOT_FOUND));
        assertThat(ewaybills.order(shopId, "4242")).as("never heard of: nothing taken").isEmpty();
    }

    @Test
    void businessRefusalsAreRefusedNotUnavailable() {
        EwaybillOrder zto = order("ZTO", orderId);
        String acctId = zto.ewaybillAcctId();
        sim().setEwaybillAccount(shopId, acctId, new EwaybillAccountPatch(EwaybillAccountView.UNAUTHORIZED, null));
        assertRefused(() -> ewaybills.precreate(shopId, zto), EwaybillApi.ACCOUNT_NOT_AUTHORIZED);
        sim().setEwaybillAccount(shopId, acctId, new EwaybillAccountPatch(EwaybillAccountView.NORMAL, 0L));
        String id = ewaybills.precreate(shopId, zto);
        assertRefused(() -> ewaybills.create(shopId, id, "single", zto), EwaybillApi.BALANCE_LOW);
        sim().setEwaybillAccount(shopId, acctId, new EwaybillAccountPatch(null, 10L));
        ewaybills.create(shopId, id, "single", zto);
        assertThatThrownBy(() -> ewaybills.create(shopId, id, "single", zto))
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.exists()).isTrue());

        EwaybillOrder jd = order("JD", orderId);
        sim().removeEwaybillAccount(shopId, jd.ewaybillAcctId());
        assertRefused(() -> ewaybills.precreate(shopId, jd), EwaybillApi.CARRIER_NOT_OPENED);

        String held = paidOrder();
        sim().holdForRisk(shopId, RiskHold.of(held));
        EwaybillOrder risky = order("SF", held);
        assertThatThrownBy(() -> ewaybills.create(shopId, "777", "single", risky))
                .isInstanceOfSatisfying(Refused.class, e -> {
                    assertThat(e.errcode()).isEqualTo(EwaybillApi.RISK_HOLD);
                    assertThat(e.risk()).hasValueSatisfying(r -> assertThat(r.ecOrderIds()).containsExactly(held));
                });
        sim().releaseRiskHolds(shopId);
        sim().holdForRisk(shopId, new RiskHold(List.of(held), "收件地址存在风险", true));
        assertThat(ewaybills.create(shopId, "777", "single", risky).risk())
                .hasValueSatisfying(r -> assertThat(r.riskMsg()).isEqualTo("收件地址存在风险"));
    }

    @Test
    void aLostCreateAnswerIsUnavailableOnceAndOrderGetSettlesIt() {
        EwaybillOrder order = order("YTO", orderId);
        String id = ewaybills.precreate(shopId, order);
        sim().injectFault(FaultSpec.timeoutAfterSuccess(PATH + "order/create", 1).forShop(shopId));
        assertThatThrownBy(() -> ewaybills.create(shopId, id, "single", order))
                .isInstanceOfSatisfying(PlatformError.Unavailable.class,
                        e -> assertThat(e.errcode()).isEqualTo(PlatformError.TIMEOUT));
        assertThat(calls("order/create")).as("create is never repeated by the client").hasSize(1);

        assertThat(ewaybills.order(shopId, id)).hasValueSatisfying(e -> {
            assertThat(e.taken()).isTrue();
            assertThat(e.waybillId()).startsWith("YT");
        });
        assertThat(sim().ewaybillLog()).filteredOn(c -> c.ecOrderIds().contains(orderId) && c.tookNumber())
                .singleElement().extracting(EwaybillCall::answered).isEqualTo(false);
    }

    @Test
    void transientErrorsAreRetriedOnReadsButNotOnPrecreate() {
        sim().injectFault(FaultSpec.errcode(PATH + "account/get", -1, 1).forShop(shopId));
        assertThat(ewaybills.accounts(shopId, "SF")).hasSize(1);
        assertThat(calls("account/get")).extracting(ApiCall::errcode).containsExactly(-1, 0);

        sim().injectFault(FaultSpec.errcode(PATH + "order/precreate", -1, 1).forShop(shopId));
        assertThatThrownBy(() -> ewaybills.precreate(shopId, order("SF", orderId)))
                .isInstanceOf(PlatformError.Unavailable.class).isNotInstanceOf(Refused.class);
        assertThat(calls("order/precreate")).hasSize(1);
    }

    private static PlatformSim sim() {
        return PlatformSimResource.sim();
    }

    private String paidOrder() {
        return sim().createPaidOrder(shopId, OrderSpec.of(new OrderItem("10000029995861", "1873926101", 1))).orderId();
    }

    private EwaybillOrder order(String deliveryId, String ecOrderId) {
        EwaybillAccountView account = sim().ewaybillAccount(shopId, deliveryId);
        return new EwaybillOrder(deliveryId, account.acctId(), account.siteCode(), SENDER, RECEIVER,
                List.of(new EwaybillApi.EcOrder(ecOrderId, List.of(new EwaybillApi.Goods("纯棉短袖T恤", 1,
                        "10000029995861", "1873926101")))), null, null);
    }

    private List<ApiCall> calls(String api) {
        return sim().calls(PATH + api).stream().filter(c -> shopId.equals(c.shopId())).toList();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int errcode) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Refused.class, e -> assertThat(e.errcode()).isEqualTo(errcode))
                .isNotInstanceOf(PlatformError.Unavailable.class);
    }
}
