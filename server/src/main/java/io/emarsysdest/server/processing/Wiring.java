package io.emarsysdest.server.processing;

import com.fasterxml.jackson.databind.JsonNode;
import io.emarsysdest.core.datamap.EmarsysFieldCatalogs;
import io.emarsysdest.core.datamap.FieldCatalogLoad;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.core.identity.KeyFormat;
import io.emarsysdest.core.identity.PersonEventHistory;
import io.emarsysdest.emarsys.EmarsysClient;
import io.emarsysdest.emarsys.EmarsysResponse;
import io.emarsysdest.server.config.Config;
import io.emarsysdest.store.eventlog.SqliteEventLog;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/** Small adapters between the areas, kept out of App so it reads as the list of parts. */
public final class Wiring {
    private Wiring() {
    }

    public static IdentitySettings identitySettings(Config config) {
        IdentitySettings s = IdentitySettings.DEFAULTS.withPrimaryKey(config.list("identity.primaryKeyPaths"), KeyFormat.EMAIL)
                .withBlockedPatterns(config.list("identity.blockedPatterns"))
                .withCaps(config.integer("identity.maxMergesPerPerson"), config.integer("identity.maxIdentifiersPerPerson"));
        var problems = s.validate();
        if (!problems.isEmpty()) throw new io.emarsysdest.core.validation.ValidationException("identity settings", problems);
        return s;
    }

    /** Checks the config file's data maps against the account's field catalog; stores nothing. */
    public static void checkDataMaps(JsonNode bundle, io.emarsysdest.core.datamap.FieldCatalog catalog) {
        var problems = io.emarsysdest.core.datamap.DataMapVersions.validateBundle(bundle, catalog);
        if (!problems.isEmpty()) throw new io.emarsysdest.core.validation.ValidationException("data maps", problems);
    }

    /** A person's stored events and their purge, on the event log's identifier indexes. */
    public static PersonEventHistory history(SqliteEventLog log) {
        return new PersonEventHistory() {
            @Override
            public List<Event> recent(Collection<String> userIds, Collection<String> anonymousIds, int limit) {
                return log.eventsFor(userIds, anonymousIds, limit);
            }

            @Override
            public long purge(Collection<String> userIds, Collection<String> anonymousIds) {
                return log.purge(userIds, anonymousIds);
            }
        };
    }

    /**
     * The account's fields and choices, read from Emarsys: {@code GET field/translate/en}, then
     * {@code GET field/{id}/choice} per single-choice field and {@code GET field/choices?fields=…} for the
     * multichoice ones. Throws only when the field list itself cannot be read.
     */
    public static Supplier<FieldCatalogLoad> fieldCatalog(EmarsysClient client) {
        EmarsysFieldCatalogs.ChoiceSource choices = new EmarsysFieldCatalogs.ChoiceSource() {
            @Override
            public JsonNode singleChoice(String fieldId) {
                return get(client, "field.choices", "field/" + fieldId + "/choice");
            }

            @Override
            public JsonNode multiChoice(List<String> fieldIds) {
                return get(client, "field.multichoices", "field/choices?fields=" + String.join(",", fieldIds) + "&language=en");
            }
        };
        return () -> EmarsysFieldCatalogs.load(get(client, "field.list", "field/translate/en"), choices);
    }

    private static JsonNode get(EmarsysClient client, String endpoint, String path) {
        try {
            EmarsysResponse r = client.call(endpoint, "GET", path, null, 0);
            if (!r.isSuccess()) throw new IllegalStateException("Emarsys answered " + r.describe() + " to GET " + path);
            return r.data();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
