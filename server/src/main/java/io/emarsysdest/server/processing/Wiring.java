package io.emarsysdest.server.processing;

import com.fasterxml.jackson.databind.JsonNode;
import io.emarsysdest.core.datamap.DataMapSet;
import io.emarsysdest.core.datamap.EmarsysFieldCatalogs;
import io.emarsysdest.core.datamap.FieldCatalogLoad;
import io.emarsysdest.core.datamap.Field;
import io.emarsysdest.core.datamap.KeyField;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.datamap.FieldCatalog;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.core.identity.KeyFormat;
import io.emarsysdest.core.identity.PersonEventHistory;
import io.emarsysdest.emarsys.EmarsysClient;
import io.emarsysdest.emarsys.EmarsysResponse;
import io.emarsysdest.server.config.Config;
import io.emarsysdest.store.eventlog.SqliteEventLog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Small adapters between the areas, kept out of App so it reads as the list of parts. */
public final class Wiring {
    private Wiring() {
    }

    public static IdentitySettings identitySettings(Config config) {
        return identitySettings(config, null, false, null);
    }

    /**
     * The identity settings, with the primary key's format and length taken from the configured key field
     * ({@code identity.keyField}) and every reason the key field cannot work with the settings and the running maps
     * reported together with the other problems.
     *
     * @param catalog         the account's fields, or null to skip the key field (e-mail rules apply)
     * @param catalogFallback true when the catalog is the built-in fallback because Emarsys could not be read
     * @param maps            the running maps, assembled with the configured key field; null with a null catalog
     */
    public static IdentitySettings identitySettings(Config config, FieldCatalog catalog, boolean catalogFallback, DataMapSet maps) {
        IdentitySettings s = IdentitySettings.DEFAULTS.withPrimaryKey(config.list("identity.primaryKeyPaths"), KeyFormat.EMAIL)
                .withBlockedPatterns(config.list("identity.blockedPatterns"))
                .withCaps(config.integer("identity.maxMergesPerPerson"), config.integer("identity.maxIdentifiersPerPerson"));
        List<Problem> problems = new ArrayList<>(s.validate());
        if (catalog != null) {
            String keyField = config.string("identity.keyField");
            problems.addAll(KeyField.problems(keyField, catalog, catalogFallback, s.primaryKeyPaths(), maps));
            Optional<Field> field = catalog.resolve(keyField);
            // a key field missing from the fallback catalog (Emarsys unreachable at start) takes any text until known
            s = field.isPresent() ? s.withPrimaryKeyRule(KeyField.format(field.get()), KeyField.maxLength(field.get()))
                    : s.withPrimaryKeyRule(KeyFormat.TEXT, 0);
        }
        if (!problems.isEmpty()) throw new io.emarsysdest.core.validation.ValidationException("identity settings", problems);
        return s;
    }

    /** Checks the config file's data maps against the account's field catalog; stores nothing. */
    public static void checkDataMaps(JsonNode bundle, io.emarsysdest.core.datamap.FieldCatalog catalog, String keyField) {
        var problems = io.emarsysdest.core.datamap.DataMapVersions.validateBundle(bundle, catalog, keyField);
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
