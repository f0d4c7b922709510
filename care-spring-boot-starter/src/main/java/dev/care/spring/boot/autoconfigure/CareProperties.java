package dev.care.spring.boot.autoconfigure;

import dev.care.rules.engine.CareEngine;
import dev.care.rules.engine.SurveyTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.scheduling.support.CronExpression;

/**
 * The 'care.*' settings of the auto-configuration. Every value is checked when it is bound, so a
 * wrong one stops the application at start-up with a message that names the property.
 *
 * @param program the programme definition (JSON), e.g. 'classpath:loyalty-program.json'; needed
 *     unless the application declares a 'LoyaltyProgram' or 'CareEngine' bean
 * @param storage where care keeps its tables when it uses the application's 'DataSource'
 * @param nightly the scheduled nightly run ('CareEngine.advanceTo')
 * @param dispatcher the scheduled outbox dispatcher ('OutboxDispatcher.runOnce')
 * @param health the health indicator's thresholds
 * @param survey the satisfaction survey's reply link and tokens
 */
@ConfigurationProperties("care")
public record CareProperties(
    Resource program,
    @DefaultValue Storage storage,
    @DefaultValue Nightly nightly,
    @DefaultValue Dispatcher dispatcher,
    @DefaultValue Health health,
    @DefaultValue Survey survey) {

  /** Fills in the defaults of groups given as null. */
  public CareProperties {
    storage = storage == null ? new Storage("care", "", true) : storage;
    nightly = nightly == null ? new Nightly(true, null, null, null, 1, null) : nightly;
    dispatcher = dispatcher == null ? new Dispatcher(true, null, 1) : dispatcher;
    health = health == null ? new Health(null) : health;
    survey = survey == null ? new Survey(null, null, null) : survey;
  }

  /**
   * Storage on the application's 'DataSource' (with 'care-storage-jdbc' on the class path): care's
   * tables and its own Flyway history table live in their own schema, apart from the application's.
   *
   * @param schema the schema (created if missing), default 'care'
   * @param tablePrefix a prefix for every care table, default none
   * @param migrate whether care runs its Flyway migrations at start-up (default true); turn off
   *     when a deployment step migrates with a more privileged user
   */
  public record Storage(
      @DefaultValue("care") String schema,
      @DefaultValue("") String tablePrefix,
      @DefaultValue("true") boolean migrate) {
    /** Checks the values. */
    public Storage {
      schema = schema == null ? "care" : schema;
      tablePrefix = tablePrefix == null ? "" : tablePrefix;
      if (schema.isBlank()) {
        throw new IllegalArgumentException("care.storage.schema must not be blank");
      }
    }
  }

  /**
   * The nightly run: 'engine.advanceTo(clock.instant())' on a cron schedule or, when {@code
   * fixed-delay} is set, that long after the previous run ended. Safe on every instance: each
   * customer is advanced once, guarded by their stored watermark and version.
   *
   * @param enabled whether the run is scheduled (default true)
   * @param cron a Spring cron expression (six fields: second minute hour day month weekday),
   *     default '0 0 2 * * *': 02:00 every day
   * @param fixedDelay when set, replaces the cron schedule: the time between the end of one run and
   *     the start of the next (and before the first)
   * @param zone the time zone of the cron expression, default UTC
   * @param parallelism how many customers are advanced at once, 1 to 256 (default 1)
   * @param rate at most how many customers a second the run advances on this instance, to leave
   *     live traffic its share (default: unpaced)
   */
  public record Nightly(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("0 0 2 * * *") String cron,
      Duration fixedDelay,
      @DefaultValue("UTC") ZoneId zone,
      @DefaultValue("1") int parallelism,
      Double rate) {
    /** The default cron expression: 02:00 every day. */
    public static final String DEFAULT_CRON = "0 0 2 * * *";

    /** Checks the values. */
    public Nightly {
      cron = cron == null ? DEFAULT_CRON : cron;
      zone = zone == null ? ZoneId.of("UTC") : zone;
      if (!CronExpression.isValidExpression(cron)) {
        throw new IllegalArgumentException(
            "care.nightly.cron is not a valid cron expression (six fields: second minute hour day"
                + " month weekday, e.g. '0 0 2 * * *'), got '"
                + cron
                + "'");
      }
      positive("care.nightly.fixed-delay", fixedDelay);
      if (parallelism < 1 || parallelism > 256) {
        throw new IllegalArgumentException(
            "care.nightly.parallelism must be 1..256, got " + parallelism);
      }
      if (rate != null && (!(rate > 0) || rate.isInfinite())) {
        throw new IllegalArgumentException(
            "care.nightly.rate must be a positive number of customers a second, got " + rate);
      }
    }
  }

  /**
   * The outbox dispatcher: 'dispatcher.runOnce()' that long after the previous run ended, by
   * 'parallelism' workers. Safe on every instance and with several workers: batches are claimed
   * with leases.
   *
   * @param enabled whether the dispatcher is scheduled (default true)
   * @param fixedDelay the time between the end of one run and the start of the next, default 10 s
   * @param parallelism how many workers dispatch at once, 1 to 16 (default 1)
   */
  public record Dispatcher(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("10s") Duration fixedDelay,
      @DefaultValue("1") int parallelism) {
    /** Checks the values. */
    public Dispatcher {
      fixedDelay = fixedDelay == null ? Duration.ofSeconds(10) : fixedDelay;
      positive("care.dispatcher.fixed-delay", fixedDelay);
      if (parallelism < 1 || parallelism > 16) {
        throw new IllegalArgumentException(
            "care.dispatcher.parallelism must be 1..16, got " + parallelism);
      }
    }
  }

  /**
   * The health indicator ('care' in '/actuator/health').
   *
   * @param outboxLagThreshold how long the oldest due message may wait before care reports DOWN,
   *     default 15 minutes
   */
  public record Health(@DefaultValue("15m") Duration outboxLagThreshold) {
    /** Checks the values. */
    public Health {
      outboxLagThreshold = outboxLagThreshold == null ? Duration.ofMinutes(15) : outboxLagThreshold;
      positive("care.health.outbox-lag-threshold", outboxLagThreshold);
    }
  }

  /**
   * The satisfaction survey's reply link and tokens ('CareEngine.Builder.surveyLink' and
   * 'surveyTokens'). A programme whose survey template uses '{surveyLink}' needs 'link'.
   *
   * @param link the link a survey's '{surveyLink}' is filled with: an http(s) URL containing
   *     '{token}' once, e.g. 'https://your.site/feedback/{token}'; default none
   * @param tokenSecret a secret of at least 16 bytes (UTF-8): reply tokens are then derived with
   *     HMAC-SHA256 from it, the same on every instance that shares it; default none (random
   *     tokens). Keep it out of source control (an environment variable, a vault)
   * @param validity how long after a survey is sent its reply token is accepted
   *     ('CareEngine.recordFeedback'), default 30 days
   */
  public record Survey(String link, String tokenSecret, @DefaultValue("30d") Duration validity) {
    /** Checks the values with the engine's own checks, naming the property. */
    public Survey {
      validity = validity == null ? Duration.ofDays(30) : validity;
      positive("care.survey.validity", validity);
      if (link != null) {
        try {
          CareEngine.builder().surveyLink(link);
        } catch (IllegalArgumentException e) {
          // the engine's message is the whole story: the property is the root cause Boot reports
          throw new IllegalArgumentException("care.survey.link: " + e.getMessage());
        }
      }
      if (tokenSecret != null) {
        tokens(tokenSecret);
      }
    }

    /**
     * The survey token strategy these settings give.
     *
     * @return keyed by the secret when one is set, else random
     */
    public SurveyTokens tokens() {
      return tokenSecret == null ? SurveyTokens.secureRandom() : tokens(tokenSecret);
    }

    private static SurveyTokens tokens(String secret) {
      try {
        return SurveyTokens.keyed(secret.getBytes(StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // the message gives the length, never the secret
        throw new IllegalArgumentException("care.survey.token-secret: " + e.getMessage());
      }
    }

    /** Hides the secret from logs and failure reports. */
    @Override
    public String toString() {
      return "Survey[link="
          + link
          + ", tokenSecret="
          + (tokenSecret == null ? "none" : "***")
          + "]";
    }
  }

  private static void positive(String property, Duration value) {
    if (value != null && (value.isNegative() || value.isZero())) {
      throw new IllegalArgumentException(property + " must be positive, got " + value);
    }
  }

  /**
   * The programme resource, checked.
   *
   * @return the resource
   * @throws IllegalStateException naming 'care.program' when it is not set or does not exist
   */
  Resource requireProgram() {
    if (program == null) {
      throw new IllegalStateException(
          "care.program is not set: set it to the programme definition, e.g."
              + " care.program=classpath:loyalty-program.json, or declare a LoyaltyProgram or"
              + " CareEngine bean");
    }
    if (!program.exists()) {
      throw new IllegalStateException(
          "care.program: " + program.getDescription() + " does not exist");
    }
    return Objects.requireNonNull(program);
  }
}
