package io.emarsysdest.server.delivery;

import io.emarsysdest.core.datamap.ContactListDirectory;
import io.emarsysdest.emarsys.ContactList;
import io.emarsysdest.emarsys.EmarsysClient;
import io.emarsysdest.emarsys.ExternalEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Name → id directories over the Emarsys client, for targets given by name: contact lists of Engage audiences
 * ({@code name:<list>}) and external events of rules ({@code name:<event>}). Missing ones are created.
 */
final class NamedTargets {
    private NamedTargets() {
    }

    static ContactListDirectory lists(EmarsysClient client) {
        return new ContactListDirectory() {
            @Override
            public Map<String, String> lists() {
                Map<String, String> out = new HashMap<>();
                for (ContactList l : call(client::listContactLists)) out.put(l.name(), l.id());
                return out;
            }

            @Override
            public String create(String name) {
                List<String> ids = call(() -> client.createContactList(name, "Created by emarsys-destination", "3", List.of())).ids();
                if (ids.isEmpty()) throw new IllegalStateException("Emarsys created list '" + name + "' but returned no id");
                return ids.get(0);
            }
        };
    }

    static ContactListDirectory events(EmarsysClient client) {
        return new ContactListDirectory() {
            @Override
            public Map<String, String> lists() {
                Map<String, String> out = new HashMap<>();
                for (ExternalEvent e : call(client::listEvents)) out.put(e.name(), Integer.toString(e.id()));
                return out;
            }

            @Override
            public String create(String name) {
                return Integer.toString(call(() -> client.createEvent(name)).id());
            }
        };
    }

    interface Call<T> {
        T run() throws IOException, InterruptedException;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
