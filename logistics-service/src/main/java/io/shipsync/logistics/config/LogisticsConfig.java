package io.shipsync.logistics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** logistics-service's own settings ({@code shipsync.logistics.*}). */
@ConfigMapping(prefix = "shipsync.logistics")
public interface LogisticsConfig {

    /** An e-waybill account whose balance (in waybills) falls below this is reported low, unless the shop set its own. */
    @WithDefault("100")
    long balanceThreshold();

    /** How often every shop's e-waybill accounts are checked (接口测试) besides checks asked for through the API. */
    @WithDefault("5m")
    Duration accountCheckInterval();

    /** How long after start the first periodic account check runs (the scheduler reads it; tests push it out of reach). */
    @WithDefault("10s")
    Duration accountCheckDelay();

    /**
     * Orders of a print run taken at the same time per replica, each one platform call in flight: the platform's
     * e-waybill limits, not our CPU, bound it. The default of {@code shipsync.work.waybill-take.workers}.
     */
    @WithDefault("8")
    int takeWorkers();

    /** The label template (template_id) a newly found e-waybill account prints with until the shop picks another. */
    @WithDefault("single")
    String defaultTemplate();

    /** The CJK font labels are drawn with: a .ttf/.otf file or a .ttc collection (Debian fonts-wqy-microhei by default). */
    @WithDefault("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    String labelFont();

    /** The face of a .ttc collection to use. */
    @WithDefault("0")
    int labelFontFace();
}
