package dev.care.rules.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.Return;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.Profile;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.testing.Pbt;
import dev.care.rules.testing.Programs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Any mutation of a valid programme either loads and runs a short engine scenario (a member
 * registers, buys, returns part, tops up, redeems, and a year and a half passes) without an
 * exception, or is refused with problems that all carry a JSON path. Fixed seed and {@code
 * care.pbt.examples} examples in {@code mvn verify}; {@code -Pstress} runs 10,000 with a new seed.
 */
class ProgramMutationPropertyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOLE = "@@HOLE@@";

  /** Replacement values: at and beyond every bound, wrong types, hostile text. */
  static final List<String> VALUES =
      List.of(
          "0",
          "1",
          "-1",
          "0.5",
          "2",
          "100",
          "101",
          "10000",
          "999999999999999",
          "1000000000000000",
          "2147483647",
          "2147483648",
          "9223372036854775807",
          "1e999999999",
          "1e-999999999",
          "1e9999999999",
          "0.000000000001",
          "0.0000000000001",
          "1e2",
          "1E-12",
          "-0",
          "true",
          "false",
          "null",
          "{}",
          "[]",
          "[1]",
          "[\"x\"]",
          "{\"x\":1}",
          "\"\"",
          "\"x\"",
          "\"EMAIL\"",
          "\"SMS\"",
          "\"GOLD\"",
          "\"FLOOR\"",
          "\"UP\"",
          "\"P0D\"",
          "\"PT1S\"",
          "\"PT1M\"",
          "\"P1D\"",
          "\"P366D\"",
          "\"P3653D\"",
          "\"P36525D\"",
          "\"P36526D\"",
          "\"PT2562047788015215H\"",
          "\"P-1D\"",
          "\"P5Y\"",
          "\"P1826D\"",
          "\"P1827D\"",
          "\"P2147483647Y\"",
          "\"2026-02-29\"",
          "\"2026-12-31\"",
          "\"+999999999-12-31\"",
          "\"23:59\"",
          "\"XXX\"",
          "\"JPY\"",
          "\"BHD\"",
          "\"Pacific/Kiritimati\"",
          "\"\\u001b[31m\"",
          "\"a\\u0000b\"",
          "\"\\ud800\"",
          "\"{{unknown}}\"",
          "\"Hello {{firstName}}\"");

  private static ObjectNode salon() {
    try {
      return (ObjectNode) JSON.readTree(Programs.salonJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final List<String> POINTERS = pointers();

  private static List<String> pointers() {
    List<String> out = new ArrayList<>();
    collect(salon(), "", out);
    return out;
  }

  private static void collect(JsonNode node, String pointer, List<String> out) {
    out.add(pointer);
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        collect(e.getValue(), pointer + "/" + e.getKey(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), pointer + "/" + i, out);
      }
    }
  }

  /**
   * Applies one mutation: kind 0 replaces the value, 1 removes the field or element, 2 adds an
   * unknown field next to it, 3 duplicates an array element.
   */
  static String mutate(String json, int pointer, int kind, int value) {
    ObjectNode root;
    try {
      root = (ObjectNode) JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String p = POINTERS.get(pointer);
    if (p.isEmpty() || root.at(p).isMissingNode()) {
      return json;
    }
    int slash = p.lastIndexOf('/');
    JsonNode parent = root.at(p.substring(0, slash));
    String last = p.substring(slash + 1);
    switch (kind) {
      case 1 -> {
        if (parent instanceof ObjectNode o) {
          o.remove(last);
        } else if (parent instanceof ArrayNode a) {
          a.remove(Integer.parseInt(last));
        }
        return root.toString();
      }
      case 2 -> {
        if (parent instanceof ObjectNode o) {
          o.put("unexpected" + value, HOLE);
        }
      }
      case 3 -> {
        if (parent instanceof ArrayNode a) {
          a.add(a.get(Integer.parseInt(last)).deepCopy());
        }
        return root.toString();
      }
      default -> {
        if (parent instanceof ObjectNode o) {
          o.put(last, HOLE);
        } else if (parent instanceof ArrayNode a) {
          a.set(Integer.parseInt(last), a.textNode(HOLE));
        }
      }
    }
    return root.toString().replace("\"" + HOLE + "\"", VALUES.get(value));
  }

  @Test
  void anyMutation_loadsAndRuns_orIsRefusedWithPaths() {
    ProgramLoader loader = new ProgramLoader();
    int pointers = POINTERS.size() - 1;
    int values = VALUES.size() - 1;
    Pbt.qt()
        .forAll(
            integers().between(0, pointers),
            integers().between(0, 4 * (values + 1) - 1), // mutation kind and value, together
            integers().between(0, pointers),
            integers().between(0, values))
        .checkAssert(
            (p1, kindAndValue, p2, v2) -> {
              int kind = kindAndValue / (values + 1);
              int v1 = kindAndValue % (values + 1);
              String json = mutate(mutate(Programs.salonJson(), p1, kind, v1), p2, 0, v2);
              LoyaltyProgram program;
              try {
                program = loader.load(json);
              } catch (InvalidProgramException e) {
                assertThat(e.problems()).isNotEmpty();
                assertThat(e.problems())
                    .allSatisfy(
                        problem -> {
                          assertThat(problem.path()).startsWith("$");
                          assertThat(problem.message()).isNotBlank();
                        });
                return;
              }
              runScenario(program);
            });
  }

  /** A member's year and a half under the programme; any exception fails the property. */
  static void runScenario(LoyaltyProgram program) {
    ManualClock clock = ManualClock.at(Instant.parse("2026-01-05T09:00:00Z"));
    CareEngine engine = CareEngine.builder().program(program).clock(clock).build();
    String currency = program.currency().getCurrencyCode();
    CustomerId ann = CustomerId.of("ann");
    engine.register(
        Customer.register(
                ann,
                Profile.named("Ann Lee")
                    .withEmail("ann@example.com")
                    .withPhone("+4915112345678")
                    .withConsent(Consent.optedIn(Channel.SMS, Channel.EMAIL)),
                clock.instant())
            .withBirthday(ImportantDate.birthday(LocalDate.of(1996, 2, 29))));
    engine.recordPurchase(Purchase.of("O-1", ann, clock.instant(), Money.ofMinor(currency, 4_500)));
    clock.advance(Duration.ofDays(3));
    engine.recordReturn(
        Return.of("R-1", ann, clock.instant(), "O-1", Money.ofMinor(currency, 1_000)));
    engine.topUp(IdempotencyKey.of("T-1"), ann, Money.ofMinor(currency, 12_000));
    for (int month = 0; month < 18; month++) {
      clock.advance(Duration.ofDays(30));
      engine.advanceTo(clock.instant());
      engine.recordPurchase(
          Purchase.of("O-" + (month + 2), ann, clock.instant(), Money.ofMinor(currency, 25_000)));
      engine.redeem(IdempotencyKey.of("X-" + month), ann, 100, "reward");
    }
    assertThat(engine.careActions(ann)).isNotNull();
  }
}
