package io.shipsync.logistics;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.eventing.outbox.Outbox;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.CarrierAccountChanged;
import io.shipsync.events.CarrierAccountState;
import io.shipsync.logistics.config.LogisticsConfig;
import io.shipsync.wechat.EwaybillApi;
import io.shipsync.wechat.PlatformError;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * 接口测试: whether each enabled carrier's e-waybill accounts can take numbers, told apart as not authorised
 * (未认证), balance low, platform unreachable and carrier not opened. Checked on demand and, for every shop with
 * carrier settings, on the work queue {@value #QUEUE} every {@code shipsync.logistics.account-check-interval}; each
 * change of an account's state is announced as {@link CarrierAccountChanged}.
 */
@ApplicationScoped
public class AccountHealth implements WorkHandler {

    public static final String QUEUE = "carrier-account-check";
    private static final Logger LOG = Logger.getLogger(AccountHealth.class);

    private final EwaybillApi ewaybills;
    private final Carriers carriers;
    private final CarrierRepository repository;
    private final Outbox outbox;
    private final WorkQueue queue;
    private final LogisticsConfig config;
    private final Clock clock;

    AccountHealth(EwaybillApi ewaybills, Carriers carriers, CarrierRepository repository, Outbox outbox, WorkQueue queue,
                  LogisticsConfig config, Clock clock) {
        this.ewaybills = ewaybills;
        this.carriers = carriers;
        this.repository = repository;
        this.outbox = outbox;
        this.queue = queue;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public WorkOutcome work(WorkItem item) {
        check(item.shopId());
        return WorkOutcome.done();
    }

    /** Every shop with carrier settings, checked on the queue so that one replica checks each. */
    @Scheduled(every = "${shipsync.logistics.account-check-interval:5m}", delayed = "${shipsync.logistics.account-check-delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkAll() {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = clock.instant();
            repository.shopsWithSettings().forEach(shop -> queue.submit(QUEUE, shop, "accounts", now));
        });
    }

    /** Asks the platform about the shop's accounts now and keeps what it found; returns every account of the shop. */
    public List<CarrierAccount> check(String shopId) {
        CarrierSettings settings = carriers.require(shopId);
        Instant at = clock.instant();
        List<CarrierAccount> found;
        try {
            Set<String> opened = ewaybills.carriers(shopId).stream().map(EwaybillApi.Carrier::deliveryId)
                    .collect(Collectors.toSet());
            List<EwaybillApi.Account> accounts = ewaybills.accounts(shopId, null);
            found = found(settings, opened, accounts, at);
            found.addAll(gone(settings, found, at));
        } catch (PlatformError.Unavailable e) {
            LOG.debugf("e-waybill accounts of %s could not be checked: %s", shopId, e.getMessage());
            found = unreachable(settings, e.getMessage(), at);
        }
        List<CarrierAccount> checked = found;
        return QuarkusTransaction.requiringNew().call(() -> record(settings, checked));
    }

    private List<CarrierAccount> found(CarrierSettings settings, Set<String> opened, List<EwaybillApi.Account> accounts,
                                       Instant at) {
        List<CarrierAccount> found = new ArrayList<>();
        for (String carrier : settings.enabledCarriers()) {
            List<EwaybillApi.Account> ofCarrier = accounts.stream().filter(a -> a.deliveryId().equals(carrier)).toList();
            if (!opened.contains(carrier) || ofCarrier.isEmpty()) {
                found.add(account(settings, carrier, CarrierAccount.NO_ACCOUNT, null, null, null, null, null,
                        CarrierAccountState.CARRIER_NOT_OPENED,
                        opened.contains(carrier) ? "电子面单已开通但没有账号" : "未开通该快递公司的电子面单", at));
                continue;
            }
            for (EwaybillApi.Account a : ofCarrier) {
                CarrierAccountState state;
                String detail;
                if (a.status() != EwaybillApi.ACCOUNT_NORMAL) {
                    state = CarrierAccountState.NOT_AUTHORIZED;
                    detail = "账号未认证 (status " + a.status() + ")";
                } else if (a.available() < settings.balanceThreshold()) {
                    state = CarrierAccountState.BALANCE_LOW;
                    detail = "余额 " + a.available() + " 低于 " + settings.balanceThreshold();
                } else {
                    state = CarrierAccountState.AUTHORIZED;
                    detail = "正常";
                }
                EwaybillApi.Address sender = a.senderAddresses().isEmpty() ? null : a.senderAddresses().get(0);
                found.add(account(settings, carrier, a.acctId(), a.site() == null ? null : a.site().siteCode(),
                        a.site() == null ? null : a.site().siteName(), a.monthlyCard().isEmpty() ? null : a.monthlyCard(),
                        a.available(), sender, state, detail, at));
            }
        }
        return found;
    }

    /**
     * Accounts we knew that the platform no longer lists: an unbound account can't take numbers; the placeholder of a
     * carrier that now has accounts is cleared (the carrier is opened).
     */
    private List<CarrierAccount> gone(CarrierSettings settings, List<CarrierAccount> found, Instant at) {
        Set<String> listed = found.stream().map(a -> a.carrierCode() + "/" + a.accountId()).collect(Collectors.toSet());
        Set<String> opened = found.stream().filter(a -> !a.accountId().equals(CarrierAccount.NO_ACCOUNT))
                .map(CarrierAccount::carrierCode).collect(Collectors.toSet());
        List<CarrierAccount> gone = new ArrayList<>();
        for (CarrierAccount known : QuarkusTransaction.requiringNew().call(() -> repository.accounts(settings.shopId()))) {
            if (listed.contains(known.carrierCode() + "/" + known.accountId()) || !settings.enabled(known.carrierCode())) {
                continue;
            }
            if (known.accountId().equals(CarrierAccount.NO_ACCOUNT)) {
                if (opened.contains(known.carrierCode())) {
                    gone.add(account(settings, known.carrierCode(), known.accountId(), null, null, null, null, null,
                            CarrierAccountState.AUTHORIZED, "已开通", at));
                }
            } else {
                gone.add(account(settings, known.carrierCode(), known.accountId(), null, null, null, null, null,
                        CarrierAccountState.NOT_AUTHORIZED, "平台不再列出该账号 (已解绑)", at));
            }
        }
        return gone;
    }

    /** The platform could not be asked: every account known for an enabled carrier is unreachable, balance unknown. */
    private List<CarrierAccount> unreachable(CarrierSettings settings, String reason, Instant at) {
        Map<String, List<CarrierAccount>> known = QuarkusTransaction.requiringNew().call(() -> repository.accounts(settings.shopId()))
                .stream().collect(Collectors.groupingBy(CarrierAccount::carrierCode));
        List<CarrierAccount> found = new ArrayList<>();
        for (String carrier : settings.enabledCarriers()) {
            List<String> ids = known.getOrDefault(carrier, List.of()).stream().map(CarrierAccount::accountId).toList();
            for (String id : ids.isEmpty() ? List.of(CarrierAccount.NO_ACCOUNT) : ids) {
                found.add(account(settings, carrier, id, null, null, null, null, null, CarrierAccountState.PLATFORM_UNREACHABLE,
                        "平台不可达: " + reason, at));
            }
        }
        return found;
    }

    private CarrierAccount account(CarrierSettings settings, String carrier, String accountId, String siteCode,
                                   String siteName, String monthlyCard, Long balance, EwaybillApi.Address sender,
                                   CarrierAccountState state, String detail, Instant at) {
        return new CarrierAccount(settings.shopId(), carrier, accountId, siteCode, siteName, monthlyCard, balance, sender,
                config.defaultTemplate(), state, detail, at, at);
    }

    private List<CarrierAccount> record(CarrierSettings settings, List<CarrierAccount> found) {
        Map<String, CarrierAccount> before = repository.accounts(settings.shopId()).stream()
                .collect(Collectors.toMap(a -> a.carrierCode() + "/" + a.accountId(), Function.identity()));
        for (CarrierAccount account : found) {
            CarrierAccount previous = before.get(account.carrierCode() + "/" + account.accountId());
            repository.checked(account);
            if (previous == null || previous.state() != account.state()) {
                outbox.append(new CarrierAccountChanged(account.carrierCode(), account.accountId(), account.state(),
                        previous == null ? null : previous.state(), account.balance(), settings.balanceThreshold(),
                        account.checkedAt()), settings.shopId());
            }
        }
        return repository.accounts(settings.shopId());
    }
}
