package io.emarsysdest.core.rules;

import java.time.Duration;

/**
 * A step's window: {@code duration} after its anchor, measured on corrected event time.
 *
 * @param anchor  where the window starts
 * @param stepRef the named earlier step when {@code anchor} is {@link Anchor#STEP}, else null
 */
public record Window(Duration duration, Anchor anchor, String stepRef) {
    public enum Anchor {
        /** the entry event's time */
        ENTRY,
        /** the completion time of the previous step (the entry for the first step) */
        PREVIOUS,
        /** the completion time of a named earlier step ({@code "from":"step:<id>"}) */
        STEP
    }
}
