package dev.care.storage.jdbc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Command;
import dev.care.core.ledger.Hold;
import dev.care.core.ledger.HoldEvent;
import dev.care.core.ledger.HoldId;
import dev.care.core.ledger.LotChange;
import dev.care.core.ledger.LotId;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.Posting;
import dev.care.core.ledger.PostingId;
import dev.care.core.ledger.Transaction;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Reads the journal documents of schema version 2 (one global journal) as today's per-customer
 * {@link Transaction}s. A V2 document differs in two ways: a transaction names no customer, and
 * posting, lot and hold ids are bare numbers from one programme-wide counter. This reader walks
 * each document along the current record types and qualifies every id with its owner, keeping the
 * number (unique per customer, since it was unique globally):
 *
 * <ul>
 *   <li>a posting belongs to the customer of the transaction that made it;
 *   <li>a lot belongs to the owner of the account it was opened on;
 *   <li>a hold belongs to its customer;
 *   <li>a transaction belongs to its command's {@link Command#customer()} (a reversal, capture or
 *       void resolves through the owner of the posting or hold it names), and an expiry to the
 *       owner of the hold or lot that expired.
 * </ul>
 *
 * <p>Documents must be upgraded in the old journal order, since later ones refer to the ids of
 * earlier ones. A document that already names its customer is taken as it is (the reader is
 * tolerant: running it over current data changes nothing). Not thread-safe: one instance per
 * migration run.
 */
public final class LegacyJournal {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String TYPE = "@type";

  private final RecordCodec codec;
  private final Map<Long, String> postingOwners = new HashMap<>();
  private final Map<Long, String> lotOwners = new HashMap<>();
  private final Map<Long, String> holdOwners = new HashMap<>();
  private String current;

  /**
   * A reader.
   *
   * @param codec the codec that reads the upgraded documents
   */
  public LegacyJournal(RecordCodec codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /**
   * Upgrades one V2 journal document.
   *
   * @param v2Document the stored text
   * @param position the position the transaction gets in the journal of its customer (called once,
   *     with the customer found)
   * @return the transaction, as the current library reads it
   * @throws IllegalArgumentException if the document is not a V2 (or current) transaction, or names
   *     an id no earlier document made
   */
  public Transaction upgrade(String v2Document, ToLongFunction<CustomerId> position) {
    JsonNode tree = codec.tree(v2Document);
    if (!(tree instanceof ObjectNode node)) {
      throw new IllegalArgumentException("a V2 journal document must be an object: " + v2Document);
    }
    if (!node.hasNonNull("customer")) {
      current = customerOf(node);
      node.set("customer", NODES.objectNode().put("value", current));
      walk(node.get("holdEvents"), listOf(HoldEvent.class));
      walk(node.get("outcome"), Outcome.class);
      walk(node.get("postings"), listOf(Posting.class));
    }
    String customer = node.path("customer").path("value").asText();
    node.put("sequence", position.applyAsLong(CustomerId.of(customer)));
    Transaction tx = codec.read(node, Transaction.class);
    remember(tx);
    return tx;
  }

  /**
   * The customer whose journal a V2 transaction belongs to, found before its ids are qualified: its
   * command's customer, or for an expiry the owner of what expired.
   */
  private String customerOf(ObjectNode node) {
    JsonNode command = node.get("command");
    if (command != null && !command.isNull()) {
      walk(command, Command.class);
      return codec.read(command, Command.class).customer().value();
    }
    for (JsonNode e : iterable(node.get("holdEvents"))) {
      JsonNode owner = e.path("hold").path("customer").path("value");
      if (owner.isTextual()) {
        return owner.textValue();
      }
    }
    for (JsonNode p : iterable(node.get("postings"))) {
      for (JsonNode entry : iterable(p.get("entries"))) {
        JsonNode owner = entry.path("account").path("owner").path("value");
        if (owner.isTextual()) {
          return owner.textValue();
        }
      }
    }
    throw new IllegalArgumentException(
        "V2 journal transaction "
            + node.path("sequence").asText()
            + " has no command and touches no customer");
  }

  private static Iterable<JsonNode> iterable(JsonNode array) {
    return array == null || !array.isArray() ? List.of() : array;
  }

  /** Records the owners of ids a transaction made, for the transactions after it. */
  private void remember(Transaction tx) {
    for (HoldEvent e : tx.holdEvents()) {
      holdOwners.putIfAbsent(e.hold().id().value(), e.hold().id().customer().value());
    }
    for (Posting p : tx.postings()) {
      postingOwners.putIfAbsent(p.id().value(), p.id().customer().value());
      for (LotChange c : p.lotChanges()) {
        lotOwners.putIfAbsent(c.lot().value(), c.lot().customer().value());
      }
    }
  }

  private static Type listOf(Class<?> element) {
    return new ParameterizedType() {
      @Override
      public Type[] getActualTypeArguments() {
        return new Type[] {element};
      }

      @Override
      public Type getRawType() {
        return List.class;
      }

      @Override
      public Type getOwnerType() {
        return null;
      }
    };
  }

  /** Walks a document along its declared type, qualifying every bare id it meets. */
  private void walk(JsonNode node, Type declared) {
    if (node == null || node.isNull()) {
      return;
    }
    if (declared instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (raw == java.util.Optional.class) {
        walk(node, args[0]);
      } else if (Collection.class.isAssignableFrom(raw)) {
        for (JsonNode element : iterable(node)) {
          walk(element, args[0]);
        }
      } else if (Map.class.isAssignableFrom(raw)) {
        for (JsonNode pair : iterable(node)) {
          walk(pair.get(0), args[0]);
          walk(pair.get(1), args[1]);
        }
      }
      return;
    }
    if (!(declared instanceof Class<?> type) || !(node instanceof ObjectNode object)) {
      return;
    }
    if (type == PostingId.class) {
      qualify(object, "posting", postingOwners);
      return;
    }
    if (type == LotId.class) {
      qualify(object, "lot", lotOwners);
      return;
    }
    if (type == HoldId.class) {
      qualify(object, "hold", holdOwners);
      return;
    }
    Class<?> actual = type;
    if (object.has(TYPE)) {
      actual = recordClass(object.get(TYPE).asText(), type);
    }
    if (!actual.isRecord()) {
      return;
    }
    introduce(object, actual);
    for (RecordComponent c : actual.getRecordComponents()) {
      walk(object.get(c.getName()), c.getGenericType());
    }
  }

  /** Ids a record makes (rather than refers to) get their owner before they are qualified. */
  private void introduce(ObjectNode object, Class<?> type) {
    if (type == Posting.class) {
      number(object.get("id")).ifPresent(n -> postingOwners.putIfAbsent(n, current));
    } else if (type == Hold.class) {
      JsonNode owner = object.path("customer").path("value");
      if (owner.isTextual()) {
        number(object.get("id")).ifPresent(n -> holdOwners.putIfAbsent(n, owner.textValue()));
      }
    } else if (type == LotChange.class) {
      JsonNode owner = object.path("opened").path("account").path("owner").path("value");
      if (owner.isTextual()) {
        number(object.get("lot")).ifPresent(n -> lotOwners.putIfAbsent(n, owner.textValue()));
      }
    }
  }

  private static java.util.Optional<Long> number(JsonNode id) {
    if (id == null || id.has("customer") || !id.path("value").canConvertToLong()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(id.get("value").longValue());
  }

  private void qualify(ObjectNode id, String kind, Map<Long, String> owners) {
    if (id.hasNonNull("customer")) {
      return;
    }
    JsonNode value = id.get("value");
    if (value == null || !value.canConvertToLong()) {
      throw new IllegalArgumentException("V2 " + kind + " id without a number: " + id);
    }
    String owner = owners.get(value.longValue());
    if (owner == null) {
      throw new IllegalArgumentException(
          "V2 "
              + kind
              + " "
              + value.longValue()
              + " is not made by any earlier transaction of the journal");
    }
    id.set("customer", NODES.objectNode().put("value", owner));
  }

  private static Class<?> recordClass(String name, Class<?> declared) {
    if (!name.startsWith("dev.care.")) {
      throw new IllegalArgumentException("type " + name + " is not a care record");
    }
    try {
      Class<?> c = Class.forName(RecordCodec.currentName(name), false, declared.getClassLoader());
      if (!declared.isAssignableFrom(c)) {
        throw new IllegalArgumentException("type " + name + " is not a " + declared.getName());
      }
      return c;
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("unknown type " + name, e);
    }
  }
}
