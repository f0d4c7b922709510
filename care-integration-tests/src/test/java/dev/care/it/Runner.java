package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.Channel;
import dev.care.core.time.ManualClock;
import dev.care.rules.campaign.VoucherCodes;
import dev.care.rules.engine.AdvanceReport;
import dev.care.rules.engine.CareEngine;
import dev.care.storage.CareStorage;
import dev.care.storage.dispatch.OutboxDispatcher;
import dev.care.storage.messaging.MessageChannel;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs a {@link Scenario} on a store: on one engine, on an engine rebuilt at random points, or
 * spread over two engine instances; records what every step returned and what the store holds at
 * the end ({@link Observed}).
 */
final class Runner {
  /** How the steps reach engines. */
  enum Mode {
    /** One engine for the whole scenario. */
    ONE_ENGINE,
    /** The engine (and its storage adapter) rebuilt before a step, at random (seeded) points. */
    RESTARTS,
    /**
     * Two instances, each with its own engine and adapter on the same data: each customer command,
     * segment definition, campaign run and dispatch on a random one, each nightly run on a random
     * one and sometimes repeated on the other.
     */
    TWO_INSTANCES,
    /**
     * One engine whose nightly runs visit every customer ({@link CareEngine#advanceAll}): the model
     * the due index is checked against.
     */
    FULL_SCAN
  }

  /** How often (1 in n steps) the RESTARTS mode rebuilds the engine. */
  static final int RESTART_EVERY = 20;

  private final Scenario scenario;
  private final StorageFixture fixture;
  private final Mode mode;
  private final SplittableRandom routing;
  private final ManualClock clock = ManualClock.at(Scenario.START);
  // keyed codes (as several instances use): each occasion's code derives from the campaign, run,
  // customer and attempt, so a unit decided again after a conflict (an instance's cached record
  // gone stale) makes the same code, and every mode of the scenario the same codes
  private final VoucherCodes codes;
  private final List<String> results = new ArrayList<>();
  private int restarts;
  private int echoes;
  private Instance first;
  private Instance second;

  /** One application instance: an engine and a dispatcher on an adapter. */
  private final class Instance {
    final CareStorage storage;
    final CareEngine engine;
    final OutboxDispatcher dispatcher;

    Instance(CareStorage storage) {
      this.storage = storage;
      this.engine =
          CareEngine.builder()
              .program(Salon.program())
              .clock(clock)
              .storage(storage)
              .voucherCodes(codes)
              .surveyTokens(Salon.SURVEY_TOKENS)
              .build();
      this.dispatcher =
          new OutboxDispatcher(storage, channels(), e -> {}, engine.dispatchPolicy(), clock);
    }
  }

  Runner(Scenario scenario, StorageFixture fixture, Mode mode, long routingSeed) {
    this.scenario = scenario;
    this.fixture = fixture;
    this.mode = mode;
    this.routing = new SplittableRandom(routingSeed);
    this.codes =
        VoucherCodes.keyed(
            ("care-scenario-voucher-codes-" + scenario.seed())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static List<MessageChannel> channels() {
    return Arrays.stream(Channel.values())
        .filter(Channel::isAutomated)
        .<MessageChannel>map(
            ch ->
                new MessageChannel() {
                  @Override
                  public Channel channel() {
                    return ch;
                  }

                  @Override
                  public void send(OutboxMessage message) {}
                })
        .toList();
  }

  /** Runs every step; returns what was observed at the end. */
  Observed run() {
    runSteps(scenario.steps().size());
    return Observed.of(first.storage, first.engine, scenario.customers(), results);
  }

  /** Runs the first {@code count} steps (the engines stay for the caller: {@link #engines}). */
  void runSteps(int count) {
    first = new Instance(fixture.storage());
    if (mode == Mode.TWO_INSTANCES) {
      second = new Instance(fixture.secondInstance());
    }
    for (Scenario.Step step : scenario.steps().subList(0, count)) {
      if (step.at().isAfter(clock.instant())) {
        clock.set(step.at());
      }
      if (mode == Mode.RESTARTS && routing.nextInt(RESTART_EVERY) == 0) {
        first = new Instance(fixture.reopen());
        restarts++;
      }
      Instance on = instanceFor(step);
      results.add(step.label() + " -> " + describe(perform(step, on)));
      if (mode == Mode.TWO_INSTANCES
          && step.kind() == Scenario.Kind.ADVANCE
          && routing.nextBoolean()) {
        // the other instance's nightly run after this one's finds nothing left to do
        Instance other = on == first ? second : first;
        AdvanceReport echo = (AdvanceReport) perform(step, other);
        echoes++;
        assertThat(
                List.of(
                    echo.stageChanges(), echo.tierChanges(), echo.careActions(), echo.careTasks()))
            .as("a second nightly run to %s on the other instance", step.at())
            .containsOnly(0);
      }
    }
  }

  private Instance instanceFor(Scenario.Step step) {
    if (mode != Mode.TWO_INSTANCES) {
      return first;
    }
    return routing.nextBoolean() ? first : second;
  }

  private Object perform(Scenario.Step step, Instance on) {
    Scenario.Context context =
        new Scenario.Context() {
          @Override
          public CareEngine engine() {
            return on.engine;
          }

          @Override
          public Object dispatch() {
            return on.dispatcher.runOnce();
          }

          @Override
          public Instant now() {
            return clock.instant();
          }
        };
    try {
      if (mode == Mode.FULL_SCAN && step.kind() == Scenario.Kind.ADVANCE) {
        return on.engine.advanceAll(clock.instant());
      }
      return step.action().run(context);
    } catch (RuntimeException e) {
      throw new AssertionError("step failed: " + step + " (" + mode + ")", e);
    }
  }

  private static String describe(Object result) {
    return String.valueOf(result);
  }

  /** How many times the engine was rebuilt (RESTARTS). */
  int restarts() {
    return restarts;
  }

  /** How many nightly runs were repeated on the other instance (TWO_INSTANCES). */
  int echoes() {
    return echoes;
  }

  /** The engines of the run's instances now (the first, and the second if any). */
  List<CareEngine> engines() {
    return second == null ? List.of(first.engine) : List.of(first.engine, second.engine);
  }

  ManualClock clock() {
    return clock;
  }
}
