package io.shipsync.alerting.kpi;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * A day or a week (统计周期) of a shop's business on the wall clock of {@link #ZONE}: a week runs Monday to Sunday.
 * KPIs count what happened from {@code from} (inclusive) to {@code until} (exclusive), both UTC instants.
 *
 * @param firstDay the period's first day (the Monday of a week)
 * @param lastDay  its last day (the Sunday of a week), inclusive
 */
public record Period(Kind kind, LocalDate firstDay, LocalDate lastDay, Instant from, Instant until) {

    /** WeChat Shop merchants run on China time; China has no daylight saving, so every day is 24 h. */
    public static final String ZONE_ID = "Asia/Shanghai";
    public static final ZoneId ZONE = ZoneId.of(ZONE_ID);
    /** Dates accepted from callers: enough for any shop's history, and no arithmetic overflow at the edges. */
    private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(2099, 12, 31);

    public enum Kind { DAY, WEEK }

    /** The day of {@code date}, or the week (Monday to Sunday) that contains it. */
    public static Period of(Kind kind, LocalDate date) {
        LocalDate first = kind == Kind.DAY ? date : date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate next = kind == Kind.DAY ? first.plusDays(1) : first.plusWeeks(1);
        return new Period(kind, first, next.minusDays(1), first.atStartOfDay(ZONE).toInstant(), next.atStartOfDay(ZONE).toInstant());
    }

    public static Period week(LocalDate anyDay) {
        return of(Kind.WEEK, anyDay);
    }

    /** The week before the one containing {@code at} (on China's wall clock): what the Monday report covers. */
    public static Period weekBefore(Instant at) {
        return week(LocalDate.ofInstant(at, ZONE).minusWeeks(1));
    }

    /** The period just before this one, of the same kind. */
    public Period previous() {
        return of(kind, kind == Kind.DAY ? firstDay.minusDays(1) : firstDay.minusWeeks(1));
    }

    /** Parses a caller's {@code period}; refuses anything but DAY or WEEK (any case). */
    public static Kind kind(String period) {
        try {
            return Kind.valueOf(period.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidPeriod("period must be DAY or WEEK, not '" + period + "'.");
        }
    }

    /** Parses a caller's date, {@code YYYY-MM-DD} between 2000-01-01 and 2099-12-31. */
    public static LocalDate date(String name, String value) {
        LocalDate date;
        try {
            date = LocalDate.parse(value == null ? "" : value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidPeriod(name + " must be a date YYYY-MM-DD, not '" + value + "'.");
        } catch (DateTimeException e) {
            throw new InvalidPeriod(name + " is not a date: " + e.getMessage());
        }
        if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
            throw new InvalidPeriod(name + " must lie between " + EARLIEST + " and " + LATEST + ", not " + date + ".");
        }
        return date;
    }
}
