package io.emarsysdest.core.rules;

import io.emarsysdest.core.validation.Problem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Guardrails for rules and rule state (defaults follow Segment Journeys' published limits).
 *
 * @param maxSteps                  most steps in one rule
 * @param maxWindow                 longest single window, and longest possible life of an instance (entry to last deadline)
 * @param maxExitEvents             most exit events in one rule
 * @param maxLiveInstancesPerPerson most live instances one person may hold across all rules; further entries are refused
 * @param maxActivePerRule          the highest {@code reentry.maxActive} a rule may ask for
 * @param maxCapturedBytes          most bytes of captured event fields per instance; larger values are not captured
 * @param maxMemoriesPerPerson      most re-entry memories (rule × correlation value) kept per person; the least recently
 *                                  entered are forgotten first
 */
public record RuleLimits(int maxSteps, Duration maxWindow, int maxExitEvents, int maxLiveInstancesPerPerson,
                         int maxActivePerRule, int maxCapturedBytes, int maxMemoriesPerPerson) {

    public static final RuleLimits DEFAULT = new RuleLimits(25, Duration.ofDays(365), 10, 25, 25, 4096, 200);

    public List<Problem> validate() {
        List<Problem> p = new ArrayList<>();
        if (maxSteps < 1) p.add(new Problem("maxSteps", "out_of_range", "maxSteps must be at least 1"));
        if (maxWindow == null || maxWindow.isNegative() || maxWindow.isZero())
            p.add(new Problem("maxWindow", "out_of_range", "maxWindow must be a positive duration"));
        if (maxExitEvents < 0) p.add(new Problem("maxExitEvents", "out_of_range", "maxExitEvents must be 0 or more"));
        if (maxLiveInstancesPerPerson < 1)
            p.add(new Problem("maxLiveInstancesPerPerson", "out_of_range", "maxLiveInstancesPerPerson must be at least 1"));
        if (maxActivePerRule < 1) p.add(new Problem("maxActivePerRule", "out_of_range", "maxActivePerRule must be at least 1"));
        if (maxCapturedBytes < 0) p.add(new Problem("maxCapturedBytes", "out_of_range", "maxCapturedBytes must be 0 or more"));
        if (maxMemoriesPerPerson < 1)
            p.add(new Problem("maxMemoriesPerPerson", "out_of_range", "maxMemoriesPerPerson must be at least 1"));
        return p;
    }
}
