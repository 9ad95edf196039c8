package io.shipsync.alerting.notify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A shop's quiet hours (免打扰), e.g. 22:00–08:00 Asia/Shanghai: non-critical notifications wait until they end.
 * An end before the start runs past midnight.
 */
public record QuietHours(LocalTime starts, LocalTime ends, ZoneId zone, Instant updatedAt, String updatedBy) {

    /** When a non-critical notification asked for at {@code now} may go: {@code now}, or the end of the quiet hours it falls in. */
    public Instant release(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        LocalDate day = local.toLocalDate();
        boolean overnight = ends.isBefore(starts);
        if (!overnight) {
            return !time.isBefore(starts) && time.isBefore(ends) ? day.atTime(ends).atZone(zone).toInstant() : now;
        }
        if (!time.isBefore(starts)) {
            return day.plusDays(1).atTime(ends).atZone(zone).toInstant();
        }
        return time.isBefore(ends) ? day.atTime(ends).atZone(zone).toInstant() : now;
    }
}
