package io.emarsysdest.emarsys;

import java.util.List;

/** {@code GET event/{id}/usages}: Automation Center programs, e-mails and Interactions programs the event starts. */
public record EventUsages(List<String> programIds, List<String> emailIds, List<String> interactionsProgramIds) {
    public EventUsages {
        programIds = List.copyOf(programIds);
        emailIds = List.copyOf(emailIds);
        interactionsProgramIds = List.copyOf(interactionsProgramIds);
    }

    /** True when triggering the event would start nothing (accounts without Interactions then answer 5005). */
    public boolean isUnused() {
        return programIds.isEmpty() && emailIds.isEmpty() && interactionsProgramIds.isEmpty();
    }
}
