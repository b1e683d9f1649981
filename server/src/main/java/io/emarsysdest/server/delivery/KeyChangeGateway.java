package io.emarsysdest.server.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.delivery.BatchItem;
import io.emarsysdest.core.delivery.BatchOutcome;
import io.emarsysdest.core.delivery.DeliveryBatch;
import io.emarsysdest.core.delivery.EmarsysGateway;
import io.emarsysdest.core.delivery.Failure;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.emarsys.ContactData;
import io.emarsysdest.emarsys.EmarsysClient;
import io.emarsysdest.emarsys.EmarsysApiException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A person's primary key changed (a new e-mail): the existing Emarsys contact must get the new key, not a second
 * contact be created. Upserts that carry {@value #PREVIOUS_KEY} are preceded by a rename: the contact is found by
 * its old key ({@code POST contact/getdata}) and its key field set to the new value through its internal id
 * ({@code PUT contact} with {@code key_id: "id"}). Then the upsert goes out as usual, keyed by the new value.
 * When no contact has the old key, the upsert simply creates or updates the contact with the new key.
 */
public final class KeyChangeGateway implements EmarsysGateway {
    /** Payload field of an upsert naming the contact's previous key value; never sent to Emarsys as a field. */
    public static final String PREVIOUS_KEY = io.emarsysdest.core.delivery.Operations.PREVIOUS_KEY;

    private final EmarsysGateway delegate;
    private final EmarsysClient client;

    public KeyChangeGateway(EmarsysGateway delegate, EmarsysClient client) {
        this.delegate = delegate;
        this.client = client;
    }

    @Override
    public BatchOutcome send(DeliveryBatch batch) {
        if (batch.op() != Operation.CONTACT_UPSERT) return delegate.send(batch);
        Map<String, String> renames = new HashMap<>(); // old key → new key
        List<BatchItem> items = new ArrayList<>(batch.items().size());
        for (BatchItem item : batch.items()) {
            JsonNode previous = item.payload() == null ? null : item.payload().get(PREVIOUS_KEY);
            if (previous == null) {
                items.add(item);
                continue;
            }
            ObjectNode payload = item.payload().deepCopy();
            payload.remove(PREVIOUS_KEY);
            if (previous.isTextual() && !previous.textValue().equals(item.keyValue())) renames.put(previous.textValue(), item.keyValue());
            items.add(new BatchItem(item.sourceIds(), item.keyValue(), payload));
        }
        if (!renames.isEmpty()) {
            try {
                rename(batch.keyField(), renames);
            } catch (EmarsysApiException e) {
                return new BatchOutcome.RequestFailed(Failure.retryable(e.response().httpStatus(), e.response().replyCode(),
                        "renaming contacts before the upsert: " + e.getMessage()));
            } catch (IOException e) {
                return new BatchOutcome.RequestFailed(Failure.retryable(null, null, "renaming contacts before the upsert: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new BatchOutcome.RequestFailed(Failure.retryable(null, null, "interrupted"));
            }
        }
        return delegate.send(new DeliveryBatch(batch.account(), batch.op(), batch.keyField(), batch.target(), items));
    }

    private void rename(String keyField, Map<String, String> renames) throws IOException, InterruptedException {
        ContactData found = client.getData(keyField, renames.keySet(), List.of(keyField));
        List<ObjectNode> contacts = new ArrayList<>();
        for (ObjectNode c : found.contacts()) {
            String old = c.path(keyField).asText(null);
            String id = c.path("id").asText(null);
            String renamed = old == null ? null : renames.get(old);
            if (id == null || renamed == null) continue;
            // A contact with the new key may already exist (the user signed up again); then the old one stays as it is.
            if (!client.getData(keyField, List.of(renamed), List.of(keyField)).contacts().isEmpty()) continue;
            contacts.add(JsonNodeFactory.instance.objectNode().put("id", id).put(keyField, renamed));
        }
        if (!contacts.isEmpty()) client.upsertContacts("id", contacts);
    }
}
