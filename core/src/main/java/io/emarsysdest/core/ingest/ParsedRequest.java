package io.emarsysdest.core.ingest;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.validation.Problem;

import java.util.List;

/**
 * What one Tracking API request body turned into.
 *
 * @param writeKeys       the write keys found in the body (top level and per item), for authentication
 * @param accepted        valid events, normalised, in request order
 * @param rejected        invalid items with their problems
 * @param requestProblems problems with the request as a whole (bad JSON, too large, not a batch); when not empty,
 *                        nothing of the request is usable
 */
public record ParsedRequest(List<String> writeKeys, List<Event> accepted, List<Rejection> rejected, List<Problem> requestProblems) {
    public ParsedRequest {
        writeKeys = List.copyOf(writeKeys);
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
        requestProblems = List.copyOf(requestProblems);
    }

    public static ParsedRequest unusable(List<String> writeKeys, List<Problem> problems) {
        return new ParsedRequest(writeKeys, List.of(), List.of(), problems);
    }

    /** True when the request must be answered 400: it is unusable, or not one of its items could be accepted. */
    public boolean isBadRequest() {
        return !requestProblems.isEmpty() || accepted.isEmpty();
    }

    /** Every problem, request-level first, then per item. */
    public List<Problem> allProblems() {
        var all = new java.util.ArrayList<>(requestProblems);
        for (Rejection r : rejected) all.addAll(r.problems());
        return all;
    }
}
