package io.emarsysdest.core.delivery;

import java.util.List;

/** One page of dead letters, newest first, and how many match in all. */
public record DeadLetterPage(List<DeadLetter> items, long total) {
    public DeadLetterPage {
        items = List.copyOf(items);
    }
}
