package io.shipsync.alerting;

import io.shipsync.events.StockLevel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Each shop's rules: its own settings where it has set them, the rule's defaults otherwise. A changed setting applies
 * from the next sighting; a changed window, to the deadlines set after the change.
 */
@ApplicationScoped
public class RuleBook {

    /** Longest window a rule takes: a presale shop's 24 h auto-ship plus days of slack. */
    static final Duration LONGEST_WINDOW = Duration.ofDays(7);

    /** Where settings in force come from. */
    public enum Source { DEFAULT, SHOP }

    /**
     * A rule's settings in force for a shop.
     *
     * @param updatedAt when the shop last set it; null for defaults
     * @param updatedBy who did; null for defaults
     */
    public record Effective(Rule rule, RuleSettings settings, Source source, Instant updatedAt, String updatedBy) {

        static Effective defaults(Rule rule) {
            return new Effective(rule, rule.defaults(), Source.DEFAULT, null, null);
        }
    }

    private final RuleSettingsRepository repository;
    private final Clock clock;

    RuleBook(RuleSettingsRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public RuleSettings of(String shopId, Rule rule) {
        return repository.find(shopId, rule).orElseGet(() -> Effective.defaults(rule)).settings();
    }

    /** Every rule, in the order of {@link Rule}. */
    public List<Effective> all(String shopId) {
        Map<Rule, Effective> set = repository.ofShop(shopId).stream()
                .collect(Collectors.toMap(Effective::rule, Function.identity()));
        return Arrays.stream(Rule.values()).map(rule -> set.getOrDefault(rule, Effective.defaults(rule))).toList();
    }

    @Transactional
    public Effective set(String shopId, Rule rule, RuleSettings settings, String by) {
        check(rule, settings);
        Instant at = clock.instant();
        repository.save(shopId, rule, settings, by, at);
        return new Effective(rule, settings, Source.SHOP, at, by);
    }

    private static void check(Rule rule, RuleSettings settings) {
        if (settings.severity() == null) {
            throw new InvalidRuleSettings(rule, "severity is required");
        }
        if (rule.hasWindow() != (settings.window() != null)) {
            throw new InvalidRuleSettings(rule, rule.hasWindow() ? "windowMinutes is required" : "it takes no windowMinutes");
        }
        if (settings.window() != null && (settings.window().toMinutes() < 1 || settings.window().compareTo(LONGEST_WINDOW) > 0)) {
            throw new InvalidRuleSettings(rule, "windowMinutes must be between 1 and " + LONGEST_WINDOW.toMinutes());
        }
        if (rule.hasLevel() != (settings.level() != null)) {
            throw new InvalidRuleSettings(rule, rule.hasLevel() ? "level is required" : "it takes no level");
        }
        if (settings.level() == StockLevel.OK) {
            throw new InvalidRuleSettings(rule, "level must be a warning level or OUT, not OK");
        }
        if (rule.hasLadder() != (settings.ladder() != null)) {
            throw new InvalidRuleSettings(rule, rule.hasLadder() ? "ladderMinutes is required" : "it takes no ladderMinutes");
        }
        if (settings.ladder() != null) {
            checkLadder(rule, settings.ladder());
        }
    }

    private static void checkLadder(Rule rule, List<Duration> ladder) {
        if (ladder.size() != StallStep.values().length) {
            throw new InvalidRuleSettings(rule, "ladderMinutes must name " + StallStep.values().length
                    + " thresholds, one per step: " + Arrays.toString(StallStep.values()));
        }
        Duration previous = Duration.ZERO;
        for (Duration threshold : ladder) {
            if (threshold.compareTo(previous) <= 0 || threshold.compareTo(LONGEST_WINDOW) > 0) {
                throw new InvalidRuleSettings(rule, "ladderMinutes must rise step by step, from 1 to "
                        + LONGEST_WINDOW.toMinutes());
            }
            previous = threshold;
        }
    }
}
