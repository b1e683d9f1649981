package io.emarsysdest.core.identity;

/**
 * An identifier of the event that linked nothing.
 *
 * @param source        the event field it came from
 * @param raw           the value as sent
 * @param reason        why it was dropped
 * @param otherPersonId the person it already belongs to, when keeping it would have meant a merge; else null
 */
public record DroppedIdentifier(IdSource source, String raw, DropReason reason, Long otherPersonId) {
    /** True when dropping it refused a merge of two existing persons. */
    public boolean refusedMerge() {
        return otherPersonId != null && reason != DropReason.BLOCKED;
    }
}
