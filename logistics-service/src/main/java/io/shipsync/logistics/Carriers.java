package io.shipsync.logistics;

import io.shipsync.carriers.CarrierCatalog;
import io.shipsync.logistics.config.LogisticsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** A shop's carrier settings, checked against the one carrier catalog. */
@ApplicationScoped
public class Carriers {

    private final CarrierRepository repository;
    private final LogisticsConfig config;
    private final Clock clock;
    private final CarrierCatalog catalog = CarrierCatalog.standard();

    Carriers(CarrierRepository repository, LogisticsConfig config, Clock clock) {
        this.repository = repository;
        this.config = config;
        this.clock = clock;
    }

    @Transactional
    public Optional<CarrierSettings> settings(String shopId) {
        return repository.settings(shopId);
    }

    /** The settings, or an {@link UnknownSubject} naming what the shop must set first. */
    @Transactional
    public CarrierSettings require(String shopId) {
        return repository.settings(shopId).orElseThrow(() -> new UnknownSubject(
                "shop " + shopId + " has no carrier settings yet: set its carriers first (PUT /api/shops/" + shopId + "/carriers)"));
    }

    /**
     * Keeps the shop's settings. Every carrier must be one the catalog knows (OTHER excluded: it has no e-waybill),
     * the default must be enabled, and the backup, if any, enabled and different from the default.
     */
    @Transactional
    public CarrierSettings save(String shopId, List<String> enabled, String defaultCarrier, String backupCarrier,
                                Long balanceThreshold, String by) {
        List<String> carriers = List.copyOf(new LinkedHashSet<>(enabled));
        if (carriers.isEmpty()) {
            throw new InvalidSettings("enable at least one carrier");
        }
        for (String code : carriers) {
            if ("OTHER".equals(code) || catalog.byDeliveryId(code).isEmpty()) {
                throw new InvalidSettings("unknown carrier " + code + ": use a WeChat delivery_id such as SF, ZTO, YTO, YUNDA, STO, JTSD, JD, EMS, DBKD");
            }
        }
        if (!carriers.contains(defaultCarrier)) {
            throw new InvalidSettings("the default carrier " + defaultCarrier + " is not enabled");
        }
        if (backupCarrier != null && (!carriers.contains(backupCarrier) || backupCarrier.equals(defaultCarrier))) {
            throw new InvalidSettings("the backup carrier must be enabled and differ from the default");
        }
        long threshold = balanceThreshold != null ? balanceThreshold : config.balanceThreshold();
        if (threshold < 0) {
            throw new InvalidSettings("the balance threshold can't be negative");
        }
        CarrierSettings settings = new CarrierSettings(shopId, carriers, defaultCarrier, backupCarrier, threshold,
                clock.instant(), by);
        repository.save(settings);
        return settings;
    }
}
