package dev.care.core.satisfaction;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The countermeasure playbook for each temperament, and the five steps of every contact. Immutable;
 * {@link #with(Temperament, Playbook)} replaces one.
 */
public final class Playbooks {
  private final Map<Temperament, Playbook> byTemperament;
  private final Playbook contactSteps;

  private Playbooks(Map<Temperament, Playbook> byTemperament, Playbook contactSteps) {
    this.byTemperament = byTemperament;
    this.contactSteps = contactSteps;
  }

  /**
   * The playbooks of the domain brief.
   *
   * @return the defaults
   */
  public static Playbooks defaults() {
    Map<Temperament, Playbook> m = new EnumMap<>(Temperament.class);
    m.put(
        Temperament.HESITANT,
        new Playbook(
            "hesitant customer",
            List.of(
                "clarify the goal for them", "offer concrete suggestions", "take the initiative")));
    m.put(
        Temperament.OPINIONATED,
        new Playbook(
            "opinionated customer",
            List.of(
                "do not contest the prejudice",
                "prove with facts and results",
                "protect their self-esteem",
                "propose additions rather than corrections")));
    m.put(
        Temperament.GENTLE,
        new Playbook(
            "gentle customer",
            List.of(
                "thank and appreciate first",
                "confirm they understand the solution before acting")));
    m.put(
        Temperament.ANGRY,
        new Playbook(
            "angry customer",
            List.of(
                "let them vent and calm down first",
                "seat them and offer water",
                "sympathise and listen",
                "ask good questions",
                "solve the problem")));
    Playbook five =
        new Playbook(
            "every contact",
            List.of(
                "believe the customer",
                "build trust",
                "get the facts and expectations right",
                "when they are unhappy, review yourself and try another way",
                "act concretely"));
    return new Playbooks(m, five);
  }

  /**
   * The playbook for a temperament.
   *
   * @param temperament the temperament
   * @return its playbook
   */
  public Playbook forTemperament(Temperament temperament) {
    return byTemperament.get(Objects.requireNonNull(temperament, "temperament"));
  }

  /**
   * The five steps of every contact.
   *
   * @return the contact playbook
   */
  public Playbook contactSteps() {
    return contactSteps;
  }

  /**
   * A copy with one temperament's playbook replaced.
   *
   * @param temperament the temperament
   * @param playbook the new playbook
   * @return the new set of playbooks
   */
  public Playbooks with(Temperament temperament, Playbook playbook) {
    Map<Temperament, Playbook> m = new EnumMap<>(byTemperament);
    m.put(
        Objects.requireNonNull(temperament, "temperament"),
        Objects.requireNonNull(playbook, "playbook"));
    return new Playbooks(m, contactSteps);
  }
}
