package io.emarsysdest.core.identity;

/** One merge made while resolving an event: {@code loser} now redirects to {@code winner} forever. */
public record Merge(long winner, long loser) {
}
