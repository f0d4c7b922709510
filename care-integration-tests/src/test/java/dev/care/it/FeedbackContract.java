package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.IdempotencyConflictException;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.ObservedFactor;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.engine.CareEvents;
import dev.care.rules.engine.FeedbackAnswers;
import dev.care.rules.engine.FeedbackRecorded;
import dev.care.rules.engine.InboundReply;
import dev.care.rules.engine.InvalidFeedbackTokenException;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.CareStorage;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two-way feedback through the engine on a real store: every satisfaction survey carries a reply
 * token the message's link is built from; {@code recordFeedback} takes it on any instance, after a
 * restart, once; forged, expired and reused tokens are refused; the answers move the satisfaction
 * index (an event in the outbox) and a dissatisfier plans recovery; inbound replies are recorded
 * once. A subclass supplies the store.
 */
abstract class FeedbackContract {
  abstract StorageFixture newFixture();

  private final ManualClock clock = ManualClock.at(Scenario.START);
  private static final LoyaltyProgram SALON =
      new ProgramLoader().loadResource("/dev/care/rules/program/salon-program.json");
  private static final CustomerId ANN = CustomerId.of("ann");
  private static final FeedbackAnswers HAPPY =
      FeedbackAnswers.of(
          new ObservedFactor("WARM_ATTITUDE", 5), new ObservedFactor("SOLVED_FAST", 4));

  private CareEngine engine(CareStorage storage) {
    return CareEngine.builder().program(SALON).clock(clock).storage(storage).build();
  }

  /** Opens and closes a resolved complaint; answers the survey action it planned. */
  private CareAction complaintSurvey(CareEngine engine, String id) {
    ServiceInteraction open =
        ServiceInteraction.open(id, ANN, InteractionKind.COMPLAINT, Channel.PHONE, clock.instant());
    engine.recordInteraction(open);
    clock.advance(Duration.ofHours(2));
    return engine
        .recordInteraction(open.close(clock.instant(), InteractionOutcome.RESOLVED))
        .actions()
        .stream()
        .filter(a -> a.kind() == CareActionKind.SATISFACTION_SURVEY)
        .findFirst()
        .orElseThrow();
  }

  private static List<Map<String, String>> indexEvents(CareStorage storage) {
    return storage.messages(DeliveryStatus.PENDING).stream()
        .filter(m -> m.type().equals(CareEvents.SATISFACTION_INDEX_CHANGED))
        .map(OutboxMessage::attributes)
        .filter(a -> a.get("customer").equals(ANN.value()))
        .toList();
  }

  @Test
  @DisplayName(
      "the survey goes out with a link holding its token; the answers, on another instance and"
          + " again after a restart, are recorded once and move the satisfaction index")
  void survey_token_round_trip() {
    try (StorageFixture f = newFixture()) {
      CareEngine first = engine(f.storage());
      first.register(Workload.customer(ANN, clock));
      CareAction survey = complaintSurvey(first, "I-1");
      String token = survey.variables().get("surveyToken");
      assertThat(token).isNotBlank().hasSizeGreaterThan(22);
      OutboxMessage message =
          f.storage().messages(DeliveryStatus.PENDING).stream()
              .filter(m -> m.id().equals("care/" + survey.idempotencyKey()))
              .findFirst()
              .orElseThrow();
      assertThat(message.attributes().get("text"))
          .contains("https://salon.example/feedback/" + token)
          .doesNotContain("{survey");
      int eventsBefore = indexEvents(f.storage()).size();

      FeedbackRecorded recorded = engine(f.secondInstance()).recordFeedback(token, HAPPY);
      assertThat(recorded.duplicate()).isFalse();
      assertThat(recorded.customer()).isEqualTo(ANN);
      assertThat(recorded.index()).isPresent();
      List<Map<String, String>> events = indexEvents(f.storage());
      assertThat(events).hasSize(eventsBefore + 1);
      assertThat(Double.parseDouble(events.get(events.size() - 1).get("to")))
          .isEqualTo(recorded.index().orElseThrow().value());
      assertThat(f.storage().interactions(ANN))
          .anyMatch(
              i ->
                  i.kind() == InteractionKind.FEEDBACK
                      && i.observedFactors().equals(HAPPY.factors()));

      CareEngine restarted = engine(f.reopen());
      FeedbackAnswers sameReordered =
          new FeedbackAnswers(List.of(HAPPY.factors().get(1), HAPPY.factors().get(0)));
      FeedbackRecorded again = restarted.recordFeedback(token, sameReordered);
      assertThat(again.duplicate()).isTrue();
      assertThat(again.interactionId()).isEqualTo(recorded.interactionId());
      assertThat(indexEvents(f.storage())).hasSize(eventsBefore + 1);
      assertThat(
              f.storage().interactions(ANN).stream()
                  .filter(i -> i.kind() == InteractionKind.FEEDBACK))
          .hasSize(1);

      assertThatThrownBy(
              () ->
                  restarted.recordFeedback(
                      token, FeedbackAnswers.of(new ObservedFactor("IGNORED", 2))))
          .isInstanceOf(InvalidFeedbackTokenException.class)
          .hasMessageContaining("ALREADY_USED")
          .satisfies(
              e ->
                  assertThat(((InvalidFeedbackTokenException) e).reason())
                      .isEqualTo(InvalidFeedbackTokenException.Reason.ALREADY_USED));
    }
  }

  @Test
  @DisplayName(
      "a forged, malformed or expired token, an erased customer's token and an unknown factor are"
          + " refused")
  void refusals() {
    try (StorageFixture f = newFixture()) {
      CareEngine engine = engine(f.storage());
      engine.register(Workload.customer(ANN, clock));
      String token = complaintSurvey(engine, "I-1").variables().get("surveyToken");
      char last = token.charAt(token.length() - 1);
      String forged = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
      for (String bad :
          List.of(
              forged, "garbage", "", "....", token.substring(0, token.indexOf('.') + 1) + "x")) {
        assertThatThrownBy(() -> engine.recordFeedback(bad, HAPPY))
            .as("token '%s'", bad)
            .isInstanceOf(InvalidFeedbackTokenException.class)
            .satisfies(
                e ->
                    assertThat(((InvalidFeedbackTokenException) e).reason())
                        .isEqualTo(InvalidFeedbackTokenException.Reason.UNKNOWN));
      }
      assertThatThrownBy(
              () ->
                  engine.recordFeedback(
                      token, FeedbackAnswers.of(new ObservedFactor("NO_SUCH", 3))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("NO_SUCH");

      clock.advance(Duration.ofDays(31));
      assertThatThrownBy(() -> engine.recordFeedback(token, HAPPY))
          .isInstanceOf(InvalidFeedbackTokenException.class)
          .hasMessageContaining("EXPIRED")
          .hasMessageContaining("until");

      String fresh = complaintSurvey(engine, "I-2").variables().get("surveyToken");
      engine.erase(ANN);
      assertThatThrownBy(() -> engine.recordFeedback(fresh, HAPPY))
          .isInstanceOf(InvalidFeedbackTokenException.class)
          .hasMessageContaining("UNKNOWN");
      assertThat(
              f.storage().interactions(ANN).stream()
                  .filter(i -> i.kind() == InteractionKind.FEEDBACK))
          .isEmpty();
    }
  }

  @Test
  @DisplayName("a dissatisfied answer plans service recovery")
  void dissatisfied_answer_plans_recovery() {
    try (StorageFixture f = newFixture()) {
      CareEngine engine = engine(f.storage());
      engine.register(Workload.customer(ANN, clock));
      String token = complaintSurvey(engine, "I-1").variables().get("surveyToken");
      FeedbackRecorded r =
          engine.recordFeedback(token, FeedbackAnswers.of(new ObservedFactor("IGNORED", 5)));
      assertThat(r.care().actions()).anyMatch(a -> a.kind() == CareActionKind.APOLOGY);
      assertThat(r.care().goodwill()).isNotEmpty();
    }
  }

  @Test
  @DisplayName(
      "an inbound reply is recorded once against the customer; other factors under its id, an"
          + " unknown message or a future date are refused")
  void inbound_replies() {
    try (StorageFixture f = newFixture()) {
      CareEngine first = engine(f.storage());
      first.register(Workload.customer(ANN, clock));
      CareAction survey = complaintSurvey(first, "I-1");
      InboundReply reply =
          new InboundReply(
              "sms-1",
              ANN,
              Channel.SMS,
              clock.instant(),
              Optional.of(survey.idempotencyKey()),
              List.of(new ObservedFactor("RESPECT", 4)));
      assertThat(first.recordReply(reply).duplicate()).isFalse();
      CareEngine second = engine(f.secondInstance());
      assertThat(second.recordReply(reply).duplicate()).isTrue();
      assertThat(f.storage().interactions(ANN))
          .filteredOn(i -> i.kind() == InteractionKind.FEEDBACK)
          .hasSize(1)
          .allMatch(i -> i.observedFactors().equals(reply.factors()));
      assertThatThrownBy(
              () ->
                  second.recordReply(
                      new InboundReply(
                          "sms-1",
                          ANN,
                          Channel.SMS,
                          clock.instant(),
                          Optional.empty(),
                          List.of(new ObservedFactor("IGNORED", 4)))))
          .isInstanceOf(IdempotencyConflictException.class)
          .hasMessageContaining("factors");
      assertThatThrownBy(
              () ->
                  second.recordReply(
                      new InboundReply(
                          "sms-2",
                          ANN,
                          Channel.SMS,
                          clock.instant(),
                          Optional.of("nope"),
                          List.of())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nope");
      assertThatThrownBy(
              () ->
                  second.recordReply(
                      new InboundReply(
                          "sms-3",
                          ANN,
                          Channel.SMS,
                          clock.instant().plus(Duration.ofDays(30)),
                          Optional.empty(),
                          List.of())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("sms-3");
    }
  }

  @Test
  @DisplayName(
      "erasure publishes CustomerErased through the outbox, without personal data, once per"
          + " customer however often it is erased")
  void erasure_is_published() {
    try (StorageFixture f = newFixture()) {
      CareEngine engine = engine(f.storage());
      engine.register(Workload.customer(ANN, clock));
      clock.advance(Duration.ofHours(1));
      engine.erase(ANN);
      engine(f.secondInstance()).erase(ANN);
      List<OutboxMessage> erased =
          f.storage().messages(DeliveryStatus.PENDING).stream()
              .filter(m -> m.type().equals(CareEvents.CUSTOMER_ERASED))
              .toList();
      assertThat(erased).hasSize(1);
      assertThat(erased.get(0).attributes())
          .containsOnlyKeys("customer", "occurredAt")
          .containsEntry("customer", ANN.value())
          .containsEntry("occurredAt", clock.instant().toString());
      assertThat(CareEvents.decode(erased.get(0)))
          .hasValueSatisfying(
              e ->
                  assertThat(e)
                      .isEqualTo(new dev.care.core.event.CustomerErased(ANN, clock.instant())));
    }
  }
}
