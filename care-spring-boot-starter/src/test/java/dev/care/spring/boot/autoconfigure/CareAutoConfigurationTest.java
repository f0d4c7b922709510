package dev.care.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.AdvanceListener;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.engine.CustomerSegmentEvent;
import dev.care.rules.engine.CustomerSegmentListener;
import dev.care.rules.engine.FeedbackAnswers;
import dev.care.rules.engine.InvalidFeedbackTokenException;
import dev.care.rules.engine.SurveyTokens;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.CareStorage;
import dev.care.storage.dispatch.DispatchPolicy;
import dev.care.storage.dispatch.OutboxDispatcher;
import dev.care.storage.memory.InMemoryStorage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The auto-configuration in application contexts without a database: what it builds, what the
 * application's own beans replace, what it checks at start-up, and the scheduled runs on the
 * in-memory store.
 */
@ExtendWith(OutputCaptureExtension.class)
class CareAutoConfigurationTest {
  static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(CareAutoConfiguration.class))
          .withPropertyValues(
              Recorders.PROGRAM, "care.nightly.enabled=false", "care.dispatcher.enabled=false");

  @Nested
  @DisplayName("without a DataSource")
  class Fallback {
    @Test
    void context_noDataSource_usesInMemoryStorageAndWarns(CapturedOutput output) {
      runner.run(
          context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(CareEngine.class);
            assertThat(context.getBean(CareStorage.class)).isInstanceOf(InMemoryStorage.class);
            assertThat(context.getBean(CareEngine.class).storage())
                .isSameAs(context.getBean(CareStorage.class));
            assertThat(output).contains("WARN").contains("care storage: in memory");
          });
    }
  }

  @Nested
  @DisplayName("optional libraries missing from the class path")
  class OptionalLibraries {
    @Test
    void context_dataSourceButNoCareStorageJdbc_usesInMemoryStorageAndWarns(CapturedOutput output) {
      runner
          .withClassLoader(new FilteredClassLoader("dev.care.storage.jdbc"))
          .withBean(javax.sql.DataSource.class, com.zaxxer.hikari.HikariDataSource::new)
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(CareStorage.class)).isInstanceOf(InMemoryStorage.class);
                assertThat(output).contains("care storage: in memory");
              });
    }

    @Test
    void context_noMicrometer_startsWithoutMeters() {
      runner
          .withClassLoader(new FilteredClassLoader("io.micrometer.core"))
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(CareScheduler.class).runDispatcher()).isPresent();
              });
    }

    @Test
    void context_noBootHealthApi_startsWithoutTheIndicator() {
      runner
          .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
          .run(
              context -> {
                assertThat(context).hasNotFailed().hasSingleBean(CareHealth.class);
                assertThat(context).doesNotHaveBean("careHealthIndicator");
              });
    }
  }

  @Nested
  @DisplayName("the application's own beans win")
  class Overrides {
    @Test
    void context_userStorage_isTheEnginesStorage() {
      InMemoryStorage mine = new InMemoryStorage();
      runner
          .withBean("myStorage", CareStorage.class, () -> mine)
          .run(
              context -> {
                assertThat(context).hasSingleBean(CareStorage.class);
                assertThat(context.getBean(CareEngine.class).storage()).isSameAs(mine);
              });
    }

    @Test
    void context_userDispatcher_isScheduledInsteadOfOurs() {
      runner
          .withBean(
              "myDispatcher",
              OutboxDispatcher.class,
              () ->
                  new OutboxDispatcher(
                      new InMemoryStorage(),
                      List.of(),
                      event -> {},
                      DispatchPolicy.defaults(),
                      Clock.systemUTC()))
          .run(
              context -> {
                assertThat(context).hasSingleBean(OutboxDispatcher.class);
                assertThat(context).hasBean("myDispatcher").doesNotHaveBean("careOutboxDispatcher");
                assertThat(context.getBean(CareScheduler.class).runDispatcher()).isPresent();
              });
    }

    @Test
    void context_userEngine_needsNoProgramProperty() {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(CareAutoConfiguration.class))
          .withBean(
              CareEngine.class,
              () ->
                  CareEngine.builder()
                      .program(
                          new ProgramLoader()
                              .loadResource("/dev/care/rules/program/salon-program.json"))
                      .build())
          .run(
              context -> {
                assertThat(context).hasNotFailed().hasSingleBean(CareEngine.class);
                assertThat(context).hasSingleBean(CareScheduler.class);
              });
    }

    @Test
    void context_clockBean_isTheEnginesAndTheNightlyRunsTime() {
      ManualClock clock = ManualClock.at(START);
      runner
          .withBean(Clock.class, () -> clock)
          .run(
              context -> {
                CareEngine engine = context.getBean(CareEngine.class);
                Recorders.annBuys(engine, clock);
                clock.advance(Duration.ofDays(1));
                NightlyRun run = context.getBean(CareScheduler.class).runNightly().orElseThrow();
                assertThat(run.startedAt()).isEqualTo(START.plus(Duration.ofDays(1)));
                assertThat(run.report().orElseThrow().to()).isEqualTo(run.startedAt());
                assertThat(run.report().orElseThrow().customers()).isEqualTo(1);
              });
    }
  }

  @Nested
  @DisplayName("channels, listeners and meters come from the context")
  class Beans {
    @Test
    void dispatcher_channelAndEventBeans_receiveWhatAPurchaseSends() {
      ManualClock clock = ManualClock.at(START);
      runner
          .withBean(Clock.class, () -> clock)
          .withBean(Recorders.EmailChannel.class, Recorders.EmailChannel::new)
          .withBean(Recorders.Events.class, Recorders.Events::new)
          .run(
              context -> {
                CustomerId ann = Recorders.annBuys(context.getBean(CareEngine.class), clock);
                context.getBean(CareScheduler.class).runDispatcher().orElseThrow();

                assertThat(context.getBean(Recorders.EmailChannel.class).sent)
                    .isNotEmpty()
                    .allSatisfy(m -> assertThat(m.customer()).contains(ann));
                assertThat(context.getBean(Recorders.Events.class).received)
                    .extracting(m -> m.type())
                    .contains("ledger-transaction");
              });
    }

    @Test
    void nightly_advanceListenerBean_hearsTheRun() {
      ManualClock clock = ManualClock.at(START);
      List<Integer> heard = new CopyOnWriteArrayList<>();
      runner
          .withBean(Clock.class, () -> clock)
          .withBean(AdvanceListener.class, () -> (customers, done, failed) -> heard.add(done))
          .run(
              context -> {
                Recorders.annBuys(context.getBean(CareEngine.class), clock);
                context.getBean(CareScheduler.class).runNightly();
                assertThat(heard).isNotEmpty().last().isEqualTo(1);
              });
    }

    @Test
    void segments_segmentListenerBean_hearsMembershipChanges() {
      ManualClock clock = ManualClock.at(START);
      List<CustomerSegmentEvent> heard = new CopyOnWriteArrayList<>();
      runner
          .withBean(Clock.class, () -> clock)
          .withBean(CustomerSegmentListener.class, () -> heard::add)
          .run(
              context -> {
                CareEngine engine = context.getBean(CareEngine.class);
                engine.defineSegment("buyers", "frequency >= 1");
                CustomerId ann = Recorders.annBuys(engine, clock);
                assertThat(heard)
                    .extracting(CustomerSegmentEvent::customer, CustomerSegmentEvent::change)
                    .contains(
                        org.assertj.core.groups.Tuple.tuple(
                            ann, CustomerSegmentEvent.Change.ENTERED));
              });
    }

    @Test
    void meters_registryBean_bindsOutboxAndNightlyMeters() {
      ManualClock clock = ManualClock.at(START);
      runner
          .withBean(Clock.class, () -> clock)
          .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
          .withBean(Recorders.EmailChannel.class, Recorders.EmailChannel::new)
          .run(
              context -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                Recorders.annBuys(context.getBean(CareEngine.class), clock);
                assertThat(registry.get("care.outbox.pending").gauge().value()).isPositive();

                CareScheduler scheduler = context.getBean(CareScheduler.class);
                // the nightly run publishes events (a first life-cycle stage): dispatch after it
                scheduler.runNightly();
                scheduler.runDispatcher();

                assertThat(registry.get("care.outbox.pending").gauge().value()).isZero();
                assertThat(
                        registry
                            .get("care.outbox.dispatched")
                            .tag("outcome", "delivered")
                            .counter()
                            .count())
                    .isPositive();
                assertThat(registry.get("care.outbox.deliveries").tag("channel", "EMAIL").counter())
                    .isNotNull();
                assertThat(
                        registry.get("care.nightly.runs").tag("outcome", "success").timer().count())
                    .isEqualTo(1);
                assertThat(registry.get("care.nightly.customers").counter().count()).isEqualTo(1);
              });
    }

    @Test
    void meters_noRegistry_nothingBreaks() {
      runner.run(
          context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(CareScheduler.class).runDispatcher()).isPresent();
          });
    }
  }

  @Nested
  @DisplayName("start-up checks name the property")
  class Checks {
    @Test
    void startup_noProgram_failsNamingCareProgram() {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(CareAutoConfiguration.class))
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessageContaining("care.program is not set"));
    }

    @Test
    void startup_missingProgramResource_failsNamingIt() {
      runner
          .withPropertyValues("care.program=classpath:no/such/program.json")
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessageContaining("care.program: class path resource")
                      .hasMessageContaining("does not exist"));
    }

    @Test
    void startup_parallelismOutOfRange_failsNamingTheProperty() {
      runner
          .withPropertyValues("care.nightly.parallelism=0")
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessage("care.nightly.parallelism must be 1..256, got 0"));
    }

    @Test
    void startup_rateNotPositive_failsNamingTheProperty() {
      runner
          .withPropertyValues("care.nightly.rate=0")
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessage(
                          "care.nightly.rate must be a positive number of customers a second,"
                              + " got 0.0"));
    }

    @Test
    void nightly_withARate_runs() {
      runner
          .withPropertyValues("care.nightly.rate=500")
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(
                        context.getBean(CareScheduler.class).runNightly().orElseThrow().succeeded())
                    .isTrue();
              });
    }

    @Test
    void startup_badCron_failsNamingTheProperty() {
      runner
          .withPropertyValues("care.nightly.cron=every night")
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessageStartingWith("care.nightly.cron is not a valid cron expression"));
    }

    @Test
    void startup_zeroDispatcherDelay_failsNamingTheProperty() {
      runner
          .withPropertyValues("care.dispatcher.fixed-delay=0s")
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessage("care.dispatcher.fixed-delay must be positive, got PT0S"));
    }

    @Test
    void metadata_isGeneratedForIdeCompletion() throws IOException {
      try (InputStream in =
          getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
        assertThat(in).isNotNull();
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
            .contains("\"care.program\"", "\"care.nightly.parallelism\"")
            .contains("\"care.dispatcher.fixed-delay\"", "\"care.storage.schema\"");
      }
    }
  }

  @Nested
  @DisplayName("survey link and tokens: care.survey.*")
  class Survey {
    private static final String TOKEN_URL = "https://salon.example/feedback/{surveyToken}";
    private static final String SECRET = "0123456789abcdef";

    /** The salon programme with its survey asking for '{surveyLink}'. */
    private LoyaltyProgram linkedSalon() {
      try (InputStream in =
          getClass().getResourceAsStream("/dev/care/rules/program/salon-program.json")) {
        String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(json).contains(TOKEN_URL);
        return new ProgramLoader().load(json.replace(TOKEN_URL, "{surveyLink}"));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    /** Ann complains and the complaint is resolved: the survey care action. */
    private CareAction survey(CareEngine engine, Clock clock) {
      CustomerId ann = CustomerId.of("C-1");
      engine.register(
          Customer.register(
              ann,
              Profile.named("Ann Lee")
                  .withPhone("+4915112345678")
                  .withConsent(Consent.optedIn(Channel.SMS)),
              clock.instant()));
      ServiceInteraction open =
          ServiceInteraction.open(
              "I-1", ann, InteractionKind.COMPLAINT, Channel.PHONE, clock.instant());
      engine.recordInteraction(open);
      return engine
          .recordInteraction(open.close(clock.instant(), InteractionOutcome.RESOLVED))
          .actions()
          .stream()
          .filter(a -> a.kind() == CareActionKind.SATISFACTION_SURVEY)
          .findFirst()
          .orElseThrow();
    }

    @Test
    void survey_linkAndSecret_fillTheSurveysLinkWithAKeyedToken() {
      ManualClock clock = ManualClock.at(START);
      runner
          .withBean(Clock.class, () -> clock)
          .withBean(LoyaltyProgram.class, this::linkedSalon)
          .withPropertyValues(
              "care.survey.link=https://x.example/f/{token}?src=sms",
              "care.survey.token-secret=" + SECRET)
          .run(
              context -> {
                CareAction survey = survey(context.getBean(CareEngine.class), clock);
                String token =
                    SurveyTokens.keyed(SECRET.getBytes(StandardCharsets.UTF_8))
                        .token(CustomerId.of("C-1"), survey.idempotencyKey());
                assertThat(survey.variables())
                    .containsEntry("surveyToken", token)
                    .containsEntry("surveyLink", "https://x.example/f/" + token + "?src=sms");
              });
    }

    @Test
    void survey_withoutASecret_tokensAreRandom() {
      ManualClock clock = ManualClock.at(START);
      runner
          .withBean(Clock.class, () -> clock)
          .run(
              context -> {
                CareAction survey = survey(context.getBean(CareEngine.class), clock);
                assertThat(survey.variables().get("surveyToken"))
                    .startsWith("Qy0x.")
                    .isNotEqualTo(
                        SurveyTokens.keyed(SECRET.getBytes(StandardCharsets.UTF_8))
                            .token(CustomerId.of("C-1"), survey.idempotencyKey()));
              });
    }

    @Test
    void startup_surveyLinkNeededButNotSet_failsNamingTheProperty() {
      runner
          .withBean(LoyaltyProgram.class, this::linkedSalon)
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessageStartingWith(
                          "care.survey.link is not set, and the programme's survey uses"
                              + " {surveyLink} ($.care.complaint.surveyTemplate: template"
                              + " 'survey')"));
    }

    @Test
    void startup_badSurveyLink_failsNamingTheProperty() {
      runner
          .withPropertyValues("care.survey.link=ftp://x.example/{token}")
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessageStartingWith("care.survey.link: surveyLink must be an http(s) URL")
                      .hasMessageContaining("ftp://x.example/{token}"));
      runner
          .withPropertyValues("care.survey.link=https://x.example/feedback")
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessageContaining("care.survey.link: ")
                      .hasMessageContaining("{token}"));
    }

    @Test
    void startup_shortTokenSecret_failsNamingThePropertyButNotTheSecret() {
      runner
          .withPropertyValues("care.survey.token-secret=hush-hush")
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessage(
                          "care.survey.token-secret: survey token secret must be at least 16"
                              + " bytes, got 9")
                      .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hush")));
    }

    @Test
    void survey_validity_endsTheAnswerPeriod() {
      ManualClock clock = ManualClock.at(START);
      runner
          .withBean(Clock.class, () -> clock)
          .withPropertyValues("care.survey.validity=2d")
          .run(
              context -> {
                CareEngine engine = context.getBean(CareEngine.class);
                String token = survey(engine, clock).variables().get("surveyToken");
                clock.advance(Duration.ofDays(2).plusSeconds(1));
                assertThatThrownBy(() -> engine.recordFeedback(token, FeedbackAnswers.of()))
                    .isInstanceOfSatisfying(
                        InvalidFeedbackTokenException.class,
                        e ->
                            assertThat(e.reason())
                                .isEqualTo(InvalidFeedbackTokenException.Reason.EXPIRED));
              });
    }

    @Test
    void startup_zeroSurveyValidity_failsNamingTheProperty() {
      runner
          .withPropertyValues("care.survey.validity=0s")
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessage("care.survey.validity must be positive, got PT0S"));
    }

    @Test
    void metadata_describesTheSurveyProperties() throws IOException {
      try (InputStream in =
          getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
        assertThat(in).isNotNull();
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
            .contains("\"care.survey.link\"", "\"care.survey.token-secret\"")
            .contains("\"care.survey.validity\"")
            .contains("containing '{token}' once");
      }
    }
  }

  @Nested
  @DisplayName("scheduled runs")
  class Scheduling {
    @Test
    void schedule_shortFixedDelays_runTheNightlyRunAndTheDispatcher() {
      ManualClock clock = ManualClock.at(START);
      runner
          .withBean(Clock.class, () -> clock)
          .withBean(Recorders.EmailChannel.class, Recorders.EmailChannel::new)
          .withPropertyValues(
              "care.nightly.enabled=true",
              "care.nightly.fixed-delay=50ms",
              "care.dispatcher.enabled=true",
              "care.dispatcher.fixed-delay=50ms",
              "care.dispatcher.parallelism=2")
          .run(
              context -> {
                Recorders.annBuys(context.getBean(CareEngine.class), clock);
                clock.advance(Duration.ofDays(15));
                CareScheduler scheduler = context.getBean(CareScheduler.class);
                await(
                    () ->
                        scheduler
                            .lastNightlyRun()
                            .map(r -> r.startedAt().equals(clock.instant()))
                            .orElse(false));
                await(() -> !context.getBean(Recorders.EmailChannel.class).sent.isEmpty());
                assertThat(scheduler.lastNightlyRun().orElseThrow().succeeded()).isTrue();
              });
    }

    @Test
    void schedule_switchedOff_runsNothing() throws InterruptedException {
      runner
          .withPropertyValues("care.nightly.fixed-delay=10ms", "care.dispatcher.fixed-delay=10ms")
          .run(
              context -> {
                CareScheduler scheduler = context.getBean(CareScheduler.class);
                assertThat(scheduler.isRunning()).isTrue();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                assertThat(scheduler.lastNightlyRun()).isEmpty();
                assertThat(scheduler.lastDispatcherRun()).isEmpty();
              });
    }
  }

  /** Polls a condition every 20 ms for at most 20 s. */
  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
