package io.emarsysdest.emarsys;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** {@code POST contact/getdata}: found contacts (id, uid, field id → value) and keys that failed (2008 = not found). */
public record ContactData(List<ObjectNode> contacts, List<ItemError> errors) {
    public ContactData {
        contacts = List.copyOf(contacts);
        errors = List.copyOf(errors);
    }
}
