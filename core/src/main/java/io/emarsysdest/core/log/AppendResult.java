package io.emarsysdest.core.log;

/** What an append stored: new events, and duplicates of messageIds seen before (not stored again). */
public record AppendResult(int appended, int duplicates) {
}
