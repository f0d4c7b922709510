package dev.care.rules.engine;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareTask;
import dev.care.core.consumption.ConsumptionHistory;
import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.Return;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.TierId;
import dev.care.core.event.CareEvent;
import dev.care.core.event.ConsentChanged;
import dev.care.core.event.CustomerErased;
import dev.care.core.event.CustomerRegistered;
import dev.care.core.event.LifecycleStageChanged;
import dev.care.core.event.PurchaseRecorded;
import dev.care.core.event.SatisfactionIndexChanged;
import dev.care.core.event.TierChanged;
import dev.care.core.ledger.ClawbackPolicy;
import dev.care.core.ledger.Command;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.Funding;
import dev.care.core.ledger.IdempotencyConflictException;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PointsBalance;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PointsRounding;
import dev.care.core.ledger.Posting;
import dev.care.core.ledger.PostingContext;
import dev.care.core.ledger.PostingKind;
import dev.care.core.ledger.Redeem;
import dev.care.core.ledger.Reverse;
import dev.care.core.ledger.Spend;
import dev.care.core.ledger.TopUp;
import dev.care.core.ledger.Transaction;
import dev.care.core.ledger.Transfer;
import dev.care.core.ledger.TransferExpiry;
import dev.care.core.lifecycle.LifecyclePolicy;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.lifecycle.RuleBasedLifecyclePolicy;
import dev.care.core.lifecycle.StageChange;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.FactorCatalogue;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.ObservedFactor;
import dev.care.core.satisfaction.Playbooks;
import dev.care.core.satisfaction.SatisfactionIndex;
import dev.care.core.satisfaction.SatisfactionIndexPolicy;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.state.CareState;
import dev.care.core.state.ManualTier;
import dev.care.core.voucher.Voucher;
import dev.care.core.voucher.VoucherNotRedeemableException;
import dev.care.core.voucher.VoucherValue;
import dev.care.core.wallet.SpendOrder;
import dev.care.core.wallet.WalletBalance;
import dev.care.core.wallet.WalletPolicy;
import dev.care.rules.campaign.Campaign;
import dev.care.rules.campaign.CampaignPlanner;
import dev.care.rules.campaign.CampaignReport;
import dev.care.rules.campaign.CampaignVoucherReport;
import dev.care.rules.campaign.VoucherCodes;
import dev.care.rules.campaign.VoucherRedemption;
import dev.care.rules.earning.Award;
import dev.care.rules.earning.EarnDecision;
import dev.care.rules.earning.EarnRequest;
import dev.care.rules.earning.EarningCalculator;
import dev.care.rules.program.CareSettings;
import dev.care.rules.program.FrequencyCap;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.TemplateUse;
import dev.care.rules.program.TierRules;
import dev.care.rules.program.WalletSettings;
import dev.care.rules.segment.SegmentDefinition;
import dev.care.rules.segment.SegmentId;
import dev.care.rules.tier.TierPolicy;
import dev.care.rules.tier.TierReview;
import dev.care.rules.tier.TierStatus;
import dev.care.rules.trigger.CarePlan;
import dev.care.rules.trigger.CareTriggers;
import dev.care.rules.trigger.CustomerContext;
import dev.care.storage.CareStorage;
import dev.care.storage.ConcurrencyConflictException;
import dev.care.storage.CustomerRecord;
import dev.care.storage.UnitOfWork;
import dev.care.storage.Versioned;
import dev.care.storage.dispatch.DispatchPolicy;
import dev.care.storage.ledger.DurableLedger;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.outbox.OutboxMessage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade application developers call: one method per business event, each one unit of work on
 * the storage and idempotent by its key (a purchase or return id, or the key you pass).
 *
 * <pre>{@code
 * CareEngine engine = CareEngine.builder().program(program).clock(clock).build();
 * engine.register(Customer.register(id, Profile.named("Ann Lee"), clock.instant()));
 * engine.recordPurchase(Purchase.of("O-1", id, clock.instant(), Money.ofMinor("EUR", 4500)));
 * engine.advanceTo(clock.instant());   // expiries, tiers, life cycle, greetings, win-back...
 * }</pre>
 *
 * <p>Care actions are stored and written to the outbox in the same unit of work; an {@code
 * OutboxDispatcher} (see {@link #dispatchPolicy()}) delivers them within consent, quiet hours and
 * frequency caps.
 *
 * <p>Stateless between commands, so restarts and several instances change nothing: everything a
 * command decides about a customer — their journal (balances, lots, holds, pending and qualifying
 * points) and their care state (life-cycle stage, tier grace and manual floor, open win-back
 * occasion, how far time was advanced for them) — is read from the storage, decided, and committed
 * with the state's expected version in one unit of work. Thread-safe without an engine-wide lock:
 * commands on different customers run in parallel (threads and instances); two on the same customer
 * are ordered by the state's version, the later one re-reading and re-deciding.
 *
 * <p>Segments and campaigns: {@link #defineSegment} stores a segment in the text form and keeps its
 * membership current as commands change customers (events to the builder's {@link
 * CustomerSegmentListener}s); {@link #runCampaign} messages a segment, optionally with an e-voucher
 * each, idempotently per run key; {@link #redeemVoucher} redeems a voucher once; {@link
 * #campaignReport} summarises a campaign's vouchers.
 *
 * <p>The one thing held in memory per customer is the segment index, filled when an engine is built
 * (or a segment first defined) by one streaming read of the care states, each carrying its
 * customer's compact segment projection, and kept current from this engine's commands and, for
 * other instances' commits, from the storage's change feed, read before every segment query.
 */
public final class CareEngine {
  private static final Logger LOG = LoggerFactory.getLogger(CareEngine.class);

  private final CareStorage storage;
  private final Clock clock;
  private final LoyaltyProgram program;
  private final DurableLedger ledger;
  private final EarningCalculator earning;
  private final TierPolicy tiers;
  private final LifecyclePolicy lifecycle;
  private final CareTriggers triggers;
  private final SatisfactionIndexPolicy satisfaction = SatisfactionIndexPolicy.defaults();
  private final FactorCatalogue catalogue;
  private final SegmentTracker segments;
  private final CampaignPlanner campaigns;
  private final VoucherCodes voucherCodes;
  private final int nightlyParallelism;
  private final java.time.Duration nightlyLease;
  private final double nightlyRate;
  private final AdvanceListener advanceListener;
  private final Map<TierId, TierId> tierMapping;
  private final java.time.Duration clockTolerance;
  private final List<EngineObserver> observers;
  private final Optional<String> surveyLink;
  private final java.time.Duration surveyValidity;
  private final SurveyTokens surveyTokens;

  /** How many due customers a nightly run claims at a time. */
  private static final int NIGHTLY_BATCH = 500;

  private CareEngine(Builder b) {
    this.storage = b.storage;
    this.clock = b.clock;
    this.program = b.program;
    this.earning = b.earning;
    this.lifecycle = b.lifecycle;
    this.catalogue = b.catalogue;
    this.tiers = new TierPolicy(program.tiers(), program.zone());
    this.triggers = new CareTriggers(program, Playbooks.defaults(), catalogue);
    this.ledger =
        new DurableLedger(
            storage,
            pointsPolicy(program),
            walletPolicy(program.wallet()),
            clock,
            DurableLedger.BillDelivery.AS_EVENT,
            b.cachedCustomers);
    this.campaigns = new CampaignPlanner(program);
    this.voucherCodes = b.voucherCodes;
    this.nightlyParallelism = b.nightlyParallelism;
    this.nightlyLease = b.nightlyLease;
    this.nightlyRate = b.nightlyRate;
    this.advanceListener = b.advanceListener;
    this.tierMapping = Map.copyOf(b.tierMapping);
    this.clockTolerance = b.clockTolerance;
    this.surveyLink = b.surveyLink;
    this.surveyValidity = b.surveyValidity;
    this.surveyTokens = b.surveyTokens;
    checkStoredTiers();
    this.observers = List.copyOf(b.observers);
    this.segments =
        new SegmentTracker(
            storage,
            this::readAttributes,
            program,
            lifecycle,
            satisfaction,
            catalogue,
            b.segmentListeners,
            clock.instant());
    loadSegments();
    LOG.info(
        "care engine started: program {} version {}, storage {}, {} segments",
        program.id(),
        program.version(),
        storage.getClass().getSimpleName(),
        segments.definitions().size());
  }

  /**
   * Starts building an engine.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CareEngine}. */
  public static final class Builder {
    private CareStorage storage = new InMemoryStorage();
    private Clock clock = Clock.systemUTC();
    private LoyaltyProgram program;
    private EarningCalculator earning = EarningCalculator.standard();
    private LifecyclePolicy lifecycle = RuleBasedLifecyclePolicy.defaults();
    private FactorCatalogue catalogue = FactorCatalogue.defaults();
    private final List<CustomerSegmentListener> segmentListeners = new ArrayList<>();
    private VoucherCodes voucherCodes = VoucherCodes.secureRandom();
    private int cachedCustomers = DurableLedger.DEFAULT_CACHED_CUSTOMERS;
    private int nightlyParallelism = 1;
    private java.time.Duration nightlyLease = java.time.Duration.ofMinutes(5);
    private double nightlyRate = 0;
    private AdvanceListener advanceListener = (customers, done, failed) -> {};
    private final Map<TierId, TierId> tierMapping = new LinkedHashMap<>();
    private java.time.Duration clockTolerance = java.time.Duration.ofDays(1);
    private final List<EngineObserver> observers = new ArrayList<>();
    private Optional<String> surveyLink = Optional.empty();
    private java.time.Duration surveyValidity = java.time.Duration.ofDays(30);
    private SurveyTokens surveyTokens = SurveyTokens.secureRandom();

    private Builder() {}

    /**
     * How satisfaction surveys' reply tokens are made (default {@link SurveyTokens#secureRandom()};
     * {@link SurveyTokens#keyed} derives the same token on every instance and replay).
     *
     * @param tokens the strategy
     * @return this builder
     */
    public Builder surveyTokens(SurveyTokens tokens) {
      this.surveyTokens = Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /**
     * The link a satisfaction survey's {@code {surveyLink}} variable is filled with: a pattern with
     * {@code {token}} where the survey's reply token goes, e.g. {@code
     * https://salon.example/feedback/{token}}. Required when the program's survey template uses
     * {@code {surveyLink}}; a template may instead use {@code {surveyToken}} and carry its own URL.
     *
     * @param pattern an absolute http(s) URL containing {@code {token}} once
     * @return this builder
     * @throws IllegalArgumentException if the pattern is not such a URL
     */
    public Builder surveyLink(String pattern) {
      Objects.requireNonNull(pattern, "pattern");
      if (!(pattern.startsWith("https://") || pattern.startsWith("http://"))
          || pattern.indexOf("{token}") < 0
          || pattern.indexOf("{token}") != pattern.lastIndexOf("{token}")) {
        throw new IllegalArgumentException(
            "surveyLink must be an http(s) URL containing {token} once, got '" + pattern + "'");
      }
      this.surveyLink = Optional.of(pattern);
      return this;
    }

    /**
     * How long after a survey is sent its reply token is accepted by {@link #recordFeedback}
     * (default 30 days).
     *
     * @param validity a positive duration
     * @return this builder
     */
    public Builder surveyValidity(java.time.Duration validity) {
      Objects.requireNonNull(validity, "validity");
      if (validity.isNegative() || validity.isZero()) {
        throw new IllegalArgumentException("surveyValidity must be > 0, got " + validity);
      }
      this.surveyValidity = validity;
      return this;
    }

    /**
     * Where customers holding a tier the program does not declare go (e.g. a new program version
     * dropped {@code PLATINUM}: map it to {@code GOLD}). A mapped customer is treated as holding
     * the target tier, and their file is rewritten by their next tier review (a purchase, a return,
     * a nightly run that visits them, or {@link CareEngine#advanceAll}). Without a mapping, {@link
     * #build()} refuses a storage holding such customers with an {@link UnknownTierException}
     * naming them. The targets must be tiers of the program ({@link #build()} checks).
     *
     * @param mapping dropped tier to the program's tier
     * @return this
     */
    public Builder tierMapping(Map<TierId, TierId> mapping) {
      Objects.requireNonNull(mapping, "tierMapping");
      mapping.forEach(
          (from, to) -> {
            Objects.requireNonNull(from, "tierMapping key");
            Objects.requireNonNull(to, "tierMapping value for " + from);
          });
      this.tierMapping.putAll(mapping);
      return this;
    }

    /**
     * How far from the engine's clock a dated command may be (default 1 day): a purchase or return
     * dated later than the clock plus this is refused, and so is {@link CareEngine#advanceTo} to an
     * instant earlier than the clock minus this. Within it, an {@code advanceTo} behind a
     * customer's watermark (a late or repeated run by another instance) changes nothing for that
     * customer.
     *
     * @param tolerance a positive duration
     * @return this
     */
    public Builder clockTolerance(java.time.Duration tolerance) {
      Objects.requireNonNull(tolerance, "clockTolerance");
      if (tolerance.isNegative() || tolerance.isZero()) {
        throw new IllegalArgumentException("clockTolerance must be positive, got " + tolerance);
      }
      this.clockTolerance = tolerance;
      return this;
    }

    /**
     * How many customers {@link CareEngine#advanceTo} advances at once (default 1): each is its own
     * unit of work, so any number of threads is safe; more helps when the storage is remote.
     *
     * @param threads 1 to 256
     * @return this
     */
    public Builder nightlyParallelism(int threads) {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("nightlyParallelism must be 1..256, got " + threads);
      }
      this.nightlyParallelism = threads;
      return this;
    }

    /**
     * How long a nightly run's claim on a batch of due customers hides them from other instances'
     * runs (default 5 minutes): long enough for a batch to be advanced; a crashed instance's
     * unfinished customers are claimed by the next run after it ends, and so is a customer whose
     * unit failed.
     *
     * @param lease a positive duration
     * @return this
     */
    public Builder nightlyLease(java.time.Duration lease) {
      Objects.requireNonNull(lease, "nightlyLease");
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("nightlyLease must be positive, got " + lease);
      }
      this.nightlyLease = lease;
      return this;
    }

    /**
     * At most how many customers a second {@link CareEngine#advanceTo} advances on this instance
     * (default: as fast as {@link #nightlyParallelism} allows), so a run beside live traffic leaves
     * the commands their share of the machine and the database. A run of {@code n} due customers
     * then takes at least {@code n / rate} seconds.
     *
     * @param customersPerSecond a positive rate
     * @return this
     */
    public Builder nightlyRate(double customersPerSecond) {
      if (!(customersPerSecond > 0) || Double.isInfinite(customersPerSecond)) {
        throw new IllegalArgumentException(
            "nightlyRate must be a positive number of customers a second, got "
                + customersPerSecond);
      }
      this.nightlyRate = customersPerSecond;
      return this;
    }

    /**
     * Hears the progress of every {@link CareEngine#advanceTo} run.
     *
     * @param listener the listener
     * @return this
     */
    public Builder advanceListener(AdvanceListener listener) {
      this.advanceListener = Objects.requireNonNull(listener, "advanceListener");
      return this;
    }

    /**
     * Adds an observer of every command's unit of work and every nightly run, e.g. {@code
     * dev.care.rules.engine.metrics.CareEngineMetrics} for Micrometer meters.
     *
     * @param observer the observer
     * @return this
     */
    public Builder observer(EngineObserver observer) {
      this.observers.add(Objects.requireNonNull(observer, "observer"));
      return this;
    }

    /**
     * How many customers' journals an engine keeps cached between commands (default {@value
     * DurableLedger#DEFAULT_CACHED_CUSTOMERS}; 0 for none). The cache is checked against the stored
     * state's version on every command, so it never makes an engine act on stale data.
     *
     * @param customers the cache bound, at least 0
     * @return this
     */
    public Builder cachedCustomers(int customers) {
      if (customers < 0) {
        throw new IllegalArgumentException("cachedCustomers must be >= 0, got " + customers);
      }
      this.cachedCustomers = customers;
      return this;
    }

    /**
     * Adds a listener for segment membership changes (see {@link #defineSegment}).
     *
     * @param listener the listener
     * @return this
     */
    public Builder segmentListener(CustomerSegmentListener listener) {
      this.segmentListeners.add(Objects.requireNonNull(listener, "segmentListener"));
      return this;
    }

    /**
     * The voucher code generator (default: {@link VoucherCodes#secureRandom()}; use {@link
     * VoucherCodes#seeded(long)} in tests, {@link VoucherCodes#keyed(byte[])} when several
     * instances may run the same campaign).
     *
     * @param codes the generator
     * @return this
     */
    public Builder voucherCodes(VoucherCodes codes) {
      this.voucherCodes = Objects.requireNonNull(codes, "voucherCodes");
      return this;
    }

    /**
     * The storage adapter (default: a new {@link InMemoryStorage}).
     *
     * @param s the storage
     * @return this
     */
    public Builder storage(CareStorage s) {
      this.storage = Objects.requireNonNull(s, "storage");
      return this;
    }

    /**
     * The time source (default: the system UTC clock).
     *
     * @param c the clock
     * @return this
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * The loyalty program (required).
     *
     * @param p the program
     * @return this
     */
    public Builder program(LoyaltyProgram p) {
      this.program = Objects.requireNonNull(p, "program");
      return this;
    }

    /**
     * The earning calculator (default: the standard policies).
     *
     * @param e the calculator
     * @return this
     */
    public Builder earning(EarningCalculator e) {
      this.earning = Objects.requireNonNull(e, "earning");
      return this;
    }

    /**
     * The life-cycle policy (default: {@link RuleBasedLifecyclePolicy#defaults()}).
     *
     * @param p the policy
     * @return this
     */
    public Builder lifecycle(LifecyclePolicy p) {
      this.lifecycle = Objects.requireNonNull(p, "lifecycle");
      return this;
    }

    /**
     * The satisfaction factor catalogue (default: {@link FactorCatalogue#defaults()}).
     *
     * @param c the catalogue
     * @return this
     */
    public Builder factors(FactorCatalogue c) {
      this.catalogue = Objects.requireNonNull(c, "factors");
      return this;
    }

    /**
     * Builds the engine. Reads no history: only the segment definitions and, if there are any, the
     * customers' compact segment projections.
     *
     * @return the engine
     * @throws IllegalStateException if no program was given
     * @throws IllegalArgumentException if a {@link #tierMapping} target is not a tier of the
     *     program
     * @throws UnknownTierException if customers hold a tier the program does not declare and the
     *     mapping does not map
     */
    public CareEngine build() {
      if (program == null) {
        throw new IllegalStateException("CareEngine.builder() needs a program(...)");
      }
      tierMapping.forEach(
          (from, to) -> {
            if (!declares(program, to)) {
              throw new IllegalArgumentException(
                  "tierMapping maps "
                      + from
                      + " to "
                      + to
                      + ", which program "
                      + program.id()
                      + " does not declare");
            }
          });
      if (surveyLink.isEmpty()) {
        // the table says which uses fill {surveyLink} only with a pattern; without one, a template
        // in such a use would go out with the placeholder as written
        List<dev.care.rules.program.ProgramProblem> problems = new ArrayList<>();
        for (TemplateUse.Reference r : TemplateUse.naming(program, "surveyLink")) {
          problems.add(
              new dev.care.rules.program.ProgramProblem(
                  r.path(),
                  "template '"
                      + r.templateId()
                      + "' uses {surveyLink}, which this engine cannot fill: set"
                      + " CareEngine.builder().surveyLink(pattern) or use {surveyToken}"));
        }
        if (!problems.isEmpty()) {
          throw new dev.care.rules.program.InvalidProgramException(problems);
        }
      }
      CareEngine engine = new CareEngine(this);
      for (EngineObserver o : engine.observers) {
        o.started(engine);
      }
      return engine;
    }
  }

  /**
   * The points rules an engine derives from a program: what replaying a customer's stored journal
   * outside the engine (an audit, a report) needs ({@code Ledger.ofJournals}).
   *
   * @param program the program
   * @return its points policy
   */
  public static PointsPolicy pointsPolicy(LoyaltyProgram program) {
    PointsRounding rounding =
        switch (program.rounding()) {
          case HALF_UP -> PointsRounding.HALF_UP;
          case HALF_EVEN -> PointsRounding.HALF_EVEN;
          case CEILING -> PointsRounding.UP;
          default -> PointsRounding.DOWN;
        };
    var p = program.points();
    return new PointsPolicy(
        rounding,
        Optional.of(p.lotLifetime()),
        p.allowNegativeBalance()
            ? ClawbackPolicy.allowNegative(p.negativeLimit())
            : ClawbackPolicy.reject(),
        TransferExpiry.KEEP,
        Optional.of(program.rule("points.lotLifetime").toString()));
  }

  /**
   * The wallet rules an engine derives from a program's wallet settings.
   *
   * @param w the wallet settings
   * @return the wallet policy
   */
  public static WalletPolicy walletPolicy(WalletSettings w) {
    return new WalletPolicy(
        w.spendOrder() == WalletSettings.SpendOrder.PAID_FIRST
            ? SpendOrder.PAID_FIRST
            : SpendOrder.SOONEST_EXPIRING_FIRST,
        w.paidValueExpiry());
  }

  /**
   * The dispatch policy matching the program's frequency caps (e-bills are never capped).
   *
   * @return the policy for an {@code OutboxDispatcher}
   */
  public DispatchPolicy dispatchPolicy() {
    List<DispatchPolicy.ChannelCap> caps = new ArrayList<>();
    for (FrequencyCap c : program.frequencyCaps()) {
      caps.add(new DispatchPolicy.ChannelCap(c.channel(), c.max(), c.period()));
    }
    return DispatchPolicy.defaults().withCaps(caps);
  }

  // ------------------------------------------------------------------ tiers a program dropped

  private static boolean declares(LoyaltyProgram program, TierId tier) {
    for (dev.care.rules.program.TierLevel l : program.tiers().levels()) {
      if (l.id().equals(tier)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Refuses to start on a storage where customers hold a tier the program does not declare and the
   * builder's mapping does not map: one streaming read of the care states' segment projections
   * (which carry the tier), confirming each unknown tier from the customer's file.
   */
  private void checkStoredTiers() {
    if (program.tiers().levels().isEmpty()) {
      return;
    }
    Map<CustomerId, TierId> named = new LinkedHashMap<>();
    long count = 0;
    Optional<CustomerId> after = Optional.empty();
    while (true) {
      List<Versioned<CareState>> page = storage.careStates(after, NIGHTLY_BATCH);
      if (page.isEmpty()) {
        break;
      }
      for (Versioned<CareState> v : page) {
        CareState st = v.value();
        String projected = st.attributes().get("tier");
        boolean suspect =
            projected == null
                || !projected.equals("NONE")
                    && program.tiers().levels().stream()
                        .noneMatch(l -> l.id().name().equals(projected));
        boolean floorUnknown =
            st.manualTier()
                .map(ManualTier::tier)
                .map(f -> !declares(program, f) && !tierMapping.containsKey(f))
                .orElse(false);
        if (!suspect && !floorUnknown) {
          continue;
        }
        Optional<TierId> held = storage.customer(st.customer()).flatMap(c -> c.value().tier());
        Optional<TierId> unknownTier =
            held.filter(t -> !declares(program, t) && !tierMapping.containsKey(t));
        if (unknownTier.isEmpty() && floorUnknown) {
          unknownTier = st.manualTier().map(ManualTier::tier);
        }
        if (unknownTier.isPresent()) {
          count++;
          if (named.size() < UnknownTierException.NAMED) {
            named.put(st.customer(), unknownTier.get());
          }
        }
      }
      after = Optional.of(page.get(page.size() - 1).value().customer());
    }
    if (count > 0) {
      throw new UnknownTierException(program.id(), named, count);
    }
  }

  /**
   * A tier as this program reads it: a declared tier as is, a dropped one by the builder's mapping.
   *
   * @throws UnknownTierException for a dropped tier the mapping does not map (a customer written by
   *     an instance on an older program after this engine started); nothing is committed
   */
  private TierId known(CustomerId customer, TierId tier) {
    if (declares(program, tier)) {
      return tier;
    }
    TierId mapped = tierMapping.get(tier);
    if (mapped == null) {
      throw new UnknownTierException(program.id(), Map.of(customer, tier), 1);
    }
    return mapped;
  }

  // ------------------------------------------------------------------ commands

  /** What one attempt reads about a customer, inside the unit of work that decides. */
  private final class Snapshot {
    final DurableLedger.Attempt attempt;
    final Versioned<Customer> customer;

    /** The tier as stored, before a dropped tier was mapped ({@link #known}). */
    final Optional<TierId> storedTier;

    final ConsumptionHistory history;
    private final List<ServiceInteraction> interactions;
    // the customer as this unit leaves them (set by project): what the due index is computed from
    private Customer fileAfter;
    private ConsumptionHistory historyAfter;
    private List<ServiceInteraction> interactionsAfter;
    // the customer's staff tasks as this unit leaves them, read when first needed
    private Map<String, CareTask> tasksAfter;

    /** The customer's staff tasks as read with the record. */
    private final List<CareTask> storedTasks;

    /** The customer's journal length as stored: later transactions are this unit's own. */
    private final long journalRead;

    /** Other customers this unit reads and may change (a referrer), by id. */
    private final Map<CustomerId, Snapshot> others = new LinkedHashMap<>();

    /** The segment projection {@link #project} left, if it ran. */
    private Optional<Projection> projected = Optional.empty();

    Snapshot(DurableLedger.Attempt attempt, CustomerId id) {
      CustomerRecord record = attempt.record(id);
      this.attempt = attempt;
      this.storedTasks = record.tasks();
      Versioned<Customer> stored = record.file().orElseThrow(() -> unknown(id));
      this.storedTier = stored.value().tier();
      this.customer =
          new Versioned<>(
              stored.value().withTier(storedTier.map(t -> known(id, t))), stored.version());
      this.history = ConsumptionHistory.of(id, program.currency(), record.consumption());
      this.interactions = record.interactions();
      this.fileAfter = customer.value();
      this.historyAfter = history;
      this.interactionsAfter = interactions;
      this.journalRead = attempt.state(id).journalLength();
    }

    /** Publishes an event through the outbox in this unit of work (see {@link CareEvents}). */
    void emit(String cause, CareEvent event) {
      OutboxMessage m = CareEvents.message(cause, event);
      attempt.alsoWrite(u -> u.enqueue(m));
    }

    /** The transactions of this customer's journal that this unit adds (expiries, commands). */
    List<Transaction> freshTransactions() {
      return attempt.ledger().journalOf(id(), journalRead);
    }

    CustomerId id() {
      return customer.value().id();
    }

    CareState state() {
      return attempt.state(id());
    }

    List<ServiceInteraction> interactions() {
      return interactions;
    }

    CustomerContext context() {
      boolean openComplaint =
          interactions().stream()
              .anyMatch(i -> i.isOpen() && i.kind() == InteractionKind.COMPLAINT);
      PointsBalance points = attempt.ledger().points(id());
      return new CustomerContext(
          customer.value(),
          state().stage().orElse(LifecycleStage.NEW),
          openComplaint,
          Math.max(0, points.available()));
    }

    /** The wallet's available value, if the customer ever held stored value. */
    Optional<Money> wallet() {
      WalletBalance w = attempt.ledger().wallet(id(), program.currency());
      return w.paid().isZero() && w.bonus().isZero()
          ? Optional.empty()
          : Optional.of(w.available());
    }

    List<Posting> pointsPostings() {
      long length = attempt.ledger().journalLength(id());
      if (pointsPostings == null || pointsPostingsAt != length) {
        pointsPostings = attempt.ledger().postingsOn(dev.care.core.ledger.AccountId.points(id()));
        pointsPostingsAt = length;
      }
      return pointsPostings;
    }

    // the postings that moved the customer's points, as of a journal length (asked several times
    // by one decision: the earning cap, the birthday bonus)
    private List<Posting> pointsPostings;
    private long pointsPostingsAt;

    /** The committed transaction of a key in this customer's journal. */
    Optional<Transaction> transaction(IdempotencyKey key) {
      return attempt.ledger().transaction(key).filter(tx -> tx.customer().equals(id()));
    }

    /**
     * Ends the decision: the segment projection of the customer as it will be after this unit (with
     * the given file, history and interactions), written into the state.
     */
    Projection project(
        Customer file, ConsumptionHistory after, List<ServiceInteraction> all, Instant asOf) {
      Projection p = segments.projection(file, after, all, attempt.ledger(), asOf);
      // an erased customer's state carries no segment projection
      attempt.putState(
          state().withAttributes(file.isErased() ? Map.of() : AttributesCodec.encode(p)));
      projected = Optional.of(p);
      fileAfter = file;
      historyAfter = after;
      interactionsAfter = all;
      return p;
    }

    /**
     * The customer's staff tasks as this unit leaves them: as stored (read with the customer's
     * record and care state, so a task changed meanwhile makes the commit conflict), with the tasks
     * this unit plans or changes ({@link #noteTasks}).
     */
    java.util.Collection<CareTask> tasks() {
      if (tasksAfter == null) {
        tasksAfter = new LinkedHashMap<>();
        storedTasks.forEach(t -> tasksAfter.put(t.idempotencyKey(), t));
      }
      return java.util.Collections.unmodifiableCollection(tasksAfter.values());
    }

    /** Notes tasks this unit plans (a key already stored keeps the stored task) or changes. */
    void noteTasks(List<CareTask> planned, boolean changed) {
      tasks();
      for (CareTask t : planned) {
        if (changed) {
          tasksAfter.put(t.idempotencyKey(), t);
        } else {
          tasksAfter.putIfAbsent(t.idempotencyKey(), t);
        }
      }
    }

    /** Ends every decision: the state's next due instant, from what the unit leaves. */
    void schedule() {
      attempt.putState(
          scheduled(attempt, state(), fileAfter, historyAfter, interactionsAfter, tasks()));
    }
  }

  /**
   * A care state with its next due instant: the first instant at which time alone changes something
   * for the customer (the earliest of the ledger's next expiry, the next life-cycle change, the
   * next tier change, the next care occasion and the escalation of the first unfinished staff task
   * to become overdue), computed from what the unit of work leaves. {@link #advanceTo} visits only
   * customers due by then. Pending points becoming available need no visit: they write nothing, and
   * the segments count them when due from the projection ({@link Projection}).
   */
  private CareState scheduled(
      DurableLedger.Attempt attempt,
      CareState state,
      Customer file,
      ConsumptionHistory history,
      List<ServiceInteraction> interactions,
      java.util.Collection<CareTask> tasks) {
    if (file.isErased()) {
      // erased: no care is planned for them again, so the nightly run never visits them
      return state.withNextDue(Optional.empty());
    }
    CustomerId id = file.id();
    Instant now = clock.instant();
    Instant after = state.advancedUntil().isAfter(now) ? state.advancedUntil() : now;
    Optional<Instant> next = attempt.ledger().nextExpiry(id);
    next = earliest(next, lifecycle.nextChange(history, state.stage(), after));
    next = earliest(next, nextTierChange(attempt.ledger(), file, history, state, after));
    List<ServiceInteraction> open = new ArrayList<>();
    boolean openComplaint = false;
    for (ServiceInteraction i : interactions) {
      if (i.isOpen()) {
        open.add(i);
        openComplaint |= i.kind() == InteractionKind.COMPLAINT;
      }
    }
    CustomerContext ctx =
        new CustomerContext(
            file,
            state.stage().orElse(LifecycleStage.NEW),
            openComplaint,
            Math.max(0, attempt.ledger().points(id).available()));
    next =
        earliest(
            next,
            triggers.nextDue(
                ctx,
                state.advancedUntil(),
                state.winBackSent(),
                history.lastPurchaseAt(Instant.MAX),
                open));
    java.time.Duration grace = program.care().escalateTasksAfter();
    for (CareTask t : tasks) {
      if (t.status().isUnfinished() && t.escalatedAt().isEmpty()) {
        // overdue once strictly past due + grace (CareTask#isOverdue)
        next = earliest(next, Optional.of(t.due().plus(grace).plusNanos(1)));
      }
    }
    return state.withNextDue(next);
  }

  private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return b.get().isBefore(a.get()) ? b : a;
  }

  /**
   * One command as its observers hear it: its kind, its attempts and how it ended. The decision of
   * each attempt sets the verdict afresh (an earlier attempt's does not count).
   */
  private static final class Observed {
    final CommandKind kind;
    final long started = System.nanoTime();
    int attempts;
    CommandOutcome outcome = CommandOutcome.COMMITTED;
    Optional<String> reason = Optional.empty();

    Observed(CommandKind kind) {
      this.kind = kind;
    }

    void attempt() {
      attempts++;
      outcome = CommandOutcome.COMMITTED;
      reason = Optional.empty();
    }

    void duplicate() {
      outcome = CommandOutcome.DUPLICATE;
      reason = Optional.empty();
    }

    void rejected(String why) {
      outcome = CommandOutcome.REJECTED;
      reason = Optional.of(why);
    }

    /** Rejected when the ledger rejected the command, by the ledger's reason. */
    Outcome verdict(Outcome ledgerOutcome) {
      if (ledgerOutcome instanceof Outcome.Rejected r) {
        rejected(tag(r.reason().name()));
      }
      return ledgerOutcome;
    }

    void end(CommandOutcome how, Optional<String> why) {
      outcome = how;
      reason = why;
    }
  }

  private static String tag(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /**
   * Runs a command, then tells the observers what its unit of work did (also when it threw, before
   * the exception goes on) and logs it at DEBUG.
   */
  private <T> T observe(CommandKind kind, java.util.function.Function<Observed, T> command) {
    Observed o = new Observed(kind);
    try {
      T result = command.apply(o);
      report(o);
      return result;
    } catch (ConcurrencyConflictException e) {
      o.end(CommandOutcome.CONFLICT, Optional.empty());
      report(o);
      throw e;
    } catch (VoucherNotRedeemableException e) {
      o.end(CommandOutcome.REJECTED, Optional.of("voucher-not-redeemable"));
      report(o);
      throw e;
    } catch (dev.care.storage.CommitOutcomeUnknownException e) {
      // not "failed": the unit may have landed. Not retried here (the caller decides whether and
      // when): a retry of the same call (same purchase id, same key) finds what landed and answers
      // as a repeat does (a purchase as a duplicate, a ledger command with its first outcome), or
      // applies the unit once if nothing landed
      o.end(CommandOutcome.UNKNOWN, Optional.empty());
      report(o);
      throw e;
    } catch (dev.care.core.care.TaskTransitionException e) {
      o.end(CommandOutcome.REJECTED, Optional.of("task-transition"));
      report(o);
      throw e;
    } catch (RuntimeException e) {
      o.end(CommandOutcome.FAILED, Optional.of(e.getClass().getSimpleName()));
      report(o);
      throw e;
    }
  }

  private void report(Observed o) {
    java.time.Duration elapsed = java.time.Duration.ofNanos(System.nanoTime() - o.started);
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} {}{} after {} attempt(s) in {} ms",
          o.kind.tag(),
          o.outcome.tag(),
          o.reason.map(r -> " (" + r + ")").orElse(""),
          o.attempts,
          elapsed.toMillis());
    }
    if (observers.isEmpty()) {
      return;
    }
    CommandReport report = new CommandReport(o.kind, o.outcome, o.reason, o.attempts, elapsed);
    for (EngineObserver observer : observers) {
      try {
        observer.commandDone(report);
      } catch (RuntimeException e) {
        LOG.warn("observer {} failed on {}: {}", observer, report, e.toString());
      }
    }
  }

  /** A decision about one customer and the segment projection it leaves, if it changed them. */
  private record Decided<T>(T result, Optional<Projection> projection) {}

  /**
   * Runs a decision about one existing customer as one unit of work (re-run on a conflict), then
   * places the attributes it left in this engine's segments.
   */
  private <T> T decide(
      Observed observed,
      CustomerId id,
      java.util.function.Function<Snapshot, Decided<T>> decision) {
    return decide(observed, id, List.of(), decision);
  }

  /**
   * As {@link #decide(Observed, CustomerId, java.util.function.Function)}, reading other customers
   * in the same unit of work (the snapshot's {@link Snapshot#others}): what the decision changes
   * for them commits with it, and their states are scheduled and their segments placed too.
   */
  private <T> T decide(
      Observed observed,
      CustomerId id,
      List<CustomerId> others,
      java.util.function.Function<Snapshot, Decided<T>> decision) {
    DurableLedger.Attempt[] last = new DurableLedger.Attempt[1];
    boolean[] erased = new boolean[1];
    Map<CustomerId, Projection> placed = new LinkedHashMap<>();
    List<CustomerId> read = new ArrayList<>();
    read.add(id);
    for (CustomerId c : others) {
      if (!c.equals(id)) {
        read.add(c);
      }
    }
    Decided<T> done =
        ledger.updateRecords(
            read,
            attempt -> {
              observed.attempt();
              last[0] = attempt;
              placed.clear();
              Snapshot snapshot = new Snapshot(attempt, id);
              for (CustomerId other : read.subList(1, read.size())) {
                snapshot.others.put(other, new Snapshot(attempt, other));
              }
              Decided<T> decided = decision.apply(snapshot);
              billExpiries(snapshot);
              snapshot.schedule();
              for (Snapshot other : snapshot.others.values()) {
                billExpiries(other);
                other.schedule();
                other.projected.ifPresent(a -> placed.put(other.id(), a));
              }
              erased[0] = snapshot.fileAfter.isErased();
              return decided;
            });
    if (erased[0]) {
      segments.forget(id);
    } else {
      done.projection().ifPresent(a -> segments.apply(id, a, last[0].committedVersion(id)));
    }
    placed.forEach((c, a) -> segments.apply(c, a, last[0].committedVersion(c)));
    return done.result();
  }

  /**
   * Registers a customer (a repeat with the same id keeps the stored file). Their care state starts
   * on the day of the registration (in the customer's time zone): greetings and other time-driven
   * care count from then.
   *
   * @param customer the customer file
   * @return the stored file
   */
  public Customer register(Customer customer) {
    Objects.requireNonNull(customer, "customer");
    return observe(CommandKind.REGISTER, o -> registered(o, customer, Optional.empty()));
  }

  /**
   * Registers a customer referred by another: as {@link #register(Customer)}, and the referrer is
   * kept in the customer's care state for good. The programme's referral rules ({@code
   * earning.referral}: points for the referrer and for the new member, a minimum purchase, a window
   * after the registration) then reward both on the new member's first qualifying purchase, once:
   * both postings are keyed by the referral ({@code referral/CUSTOMER/friend} and {@code
   * referral/CUSTOMER/referrer}) and commit in the purchase's unit of work, which reads both
   * customers, so retries, restarts and several instances reward it once. An erased referrer is not
   * rewarded (the new member still is). A repeat with the same id and referrer keeps the stored
   * file.
   *
   * @param customer the customer file
   * @param referrer the registered customer who referred them
   * @return the stored file
   * @throws InvalidReferralException if the referrer is not registered, is erased, is the customer,
   *     or the customer is registered already with another referrer or none
   */
  public Customer register(Customer customer, CustomerId referrer) {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(referrer, "referrer");
    if (referrer.equals(customer.id())) {
      throw new InvalidReferralException(
          customer.id(), referrer, "a customer cannot refer themselves");
    }
    return observe(CommandKind.REGISTER, o -> registered(o, customer, Optional.of(referrer)));
  }

  /**
   * The customer who referred a customer, if anyone ({@link #register(Customer, CustomerId)}).
   *
   * @param customer the customer
   * @return the referrer
   * @throws UnknownCustomerException if the customer is not registered
   */
  public Optional<CustomerId> referrer(CustomerId customer) {
    existing(customer);
    return storage.careState(customer).flatMap(v -> v.value().referrer());
  }

  private Customer registered(Observed o, Customer customer, Optional<CustomerId> referrer) {
    DurableLedger.Attempt[] last = new DurableLedger.Attempt[1];
    List<CustomerId> read = new ArrayList<>();
    read.add(customer.id());
    referrer.ifPresent(read::add);
    Decided<Customer> done =
        ledger.updateRecords(
            read,
            attempt -> {
              o.attempt();
              last[0] = attempt;
              Optional<Versioned<Customer>> existing = attempt.record(customer.id()).file();
              if (existing.isPresent()) {
                Optional<CustomerId> stored = attempt.state(customer.id()).referrer();
                if (referrer.isPresent() && !stored.equals(referrer)) {
                  throw new InvalidReferralException(
                      customer.id(),
                      referrer.get(),
                      "the customer is registered already, "
                          + stored.map(r -> "referred by " + r).orElse("without a referrer"));
                }
                o.duplicate();
                return new Decided<>(existing.get().value(), Optional.<Projection>empty());
              }
              if (referrer.isPresent()) {
                CustomerId by = referrer.get();
                Optional<Versioned<Customer>> referring = attempt.record(by).file();
                if (referring.isEmpty()) {
                  throw new InvalidReferralException(customer.id(), by, "it is not registered");
                }
                if (referring.get().value().isErased()) {
                  throw new InvalidReferralException(customer.id(), by, "it is erased");
                }
                // a new version of the referrer's state: an erasure committed meanwhile conflicts
                attempt.claim(by);
              }
              Instant now = clock.instant();
              // time-driven care counts from the day the member joined, in their own time zone:
              // a birthday greeting due earlier that day is still sent by the next run
              var zone = customer.profile().zone();
              Instant joinedDay = now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
              CareState initial =
                  CareState.initial(customer.id(), joinedDay).withReferrer(referrer);
              Projection a =
                  segments.projection(
                      customer,
                      ConsumptionHistory.of(customer.id(), program.currency(), List.of()),
                      List.of(),
                      attempt.ledger(),
                      now);
              attempt.putState(
                  scheduled(
                      attempt,
                      initial.withAttributes(AttributesCodec.encode(a)),
                      customer,
                      ConsumptionHistory.of(customer.id(), program.currency(), List.of()),
                      List.of(),
                      List.of()));
              attempt.alsoWrite(u -> u.putCustomer(customer, 0));
              OutboxMessage registeredEvent =
                  CareEvents.message(
                      "", new CustomerRegistered(customer.id(), customer.registeredAt()));
              attempt.alsoWrite(u -> u.enqueue(registeredEvent));
              return new Decided<>(customer, Optional.of(a));
            });
    done.projection()
        .ifPresent(a -> segments.apply(customer.id(), a, last[0].committedVersion(customer.id())));
    LOG.debug("registered customer {}", customer.id());
    return done.result();
  }

  /**
   * Updates a customer file (profile, consent, dates...).
   *
   * @param customer the new file; the customer must exist
   */
  public void update(Customer customer) {
    Objects.requireNonNull(customer, "customer");
    observe(
        CommandKind.UPDATE,
        o ->
            decide(
                o,
                customer.id(),
                s -> {
                  s.attempt.alsoWrite(u -> u.putCustomer(customer, s.customer.version()));
                  emitConsentChanges(s, customer);
                  return new Decided<>(
                      null,
                      Optional.of(
                          s.project(customer, s.history, s.interactions(), clock.instant())));
                }));
  }

  /** One {@link ConsentChanged} event per channel whose consent the update changes. */
  private void emitConsentChanges(Snapshot s, Customer updated) {
    var before = s.customer.value().profile().consent();
    var after = updated.profile().consent();
    Instant now = clock.instant();
    for (dev.care.core.customer.Channel channel : dev.care.core.customer.Channel.values()) {
      if (before.status(channel) != after.status(channel)) {
        s.emit(
            channel.name() + "/" + s.customer.version(),
            new ConsentChanged(s.id(), now, channel, after.status(channel)));
      }
    }
  }

  /**
   * Erases a customer's personal data: the right to be forgotten. The storage erases it from every
   * store at once ({@link CareStorage#erase}: the file's name, contacts and dates, care actions and
   * their variables, staff tasks and their accommodations, interaction notes, the content of
   * messages not yet sent, the care state's segment projection and next due instant), then this
   * engine's segment index forgets the customer (the segments they were in report them as exited;
   * other instances forget them when they next read the change feed). The journal, consumption and
   * vouchers stay, so the programme's sums still hold and the customer's balances still read.
   * Nothing personal is published. Afterwards no care is planned for the customer: the nightly run
   * does not visit them, campaigns skip them, and no greeting, return visit, follow-up or
   * escalation is planned. Erasing twice is harmless.
   *
   * <p>A {@code CustomerErased} event (the id and the erasure instant, nothing personal) goes out
   * through the outbox in a unit of work right after the erasure: {@link CareStorage#erase} is one
   * step of the storage that takes no outbox message, so the two are not one unit. The event's id
   * is fixed per customer, so erasing again (the way to finish an erasure whose call failed)
   * enqueues it again if it was lost and never twice while the outbox holds it.
   *
   * @param customer the customer
   * @throws UnknownCustomerException if the customer was never registered
   * @throws dev.care.storage.StorageException if the storage failed (nothing erased)
   */
  public void erase(CustomerId customer) {
    Objects.requireNonNull(customer, "customer");
    observe(
        CommandKind.ERASE,
        o -> {
          o.attempt();
          if (!storage.erase(customer, clock.instant())) {
            throw unknown(customer);
          }
          segments.forget(customer);
          decide(
              o,
              customer,
              s -> {
                Instant at = s.customer.value().erasedAt().orElseThrow();
                s.emit("", new CustomerErased(customer, at));
                return new Decided<>(null, Optional.<Projection>empty());
              });
          LOG.debug("erased customer {}", customer);
          return null;
        });
  }

  private Versioned<Customer> existing(CustomerId id) {
    return storage.customer(id).orElseThrow(() -> unknown(id));
  }

  private static UnknownCustomerException unknown(CustomerId id) {
    return new UnknownCustomerException(id);
  }

  private ConsumptionHistory history(CustomerId id) {
    return ConsumptionHistory.of(id, program.currency(), storage.consumption(id));
  }

  private static IdempotencyKey earnKey(String purchaseId, int i) {
    return IdempotencyKey.of("earn/" + purchaseId + "/" + i);
  }

  /** Refuses money in a currency the program does not declare (before any read). */
  private void checkCurrency(Money amount) {
    Objects.requireNonNull(amount, "amount");
    Money.zero(program.currency()).checkSameCurrency(amount);
  }

  private void checkNotFuture(String what, String id, Instant at) {
    Instant latest = clock.instant().plus(clockTolerance);
    if (at.isAfter(latest)) {
      throw new IllegalArgumentException(
          what
              + " "
              + id
              + " is dated "
              + at
              + ", later than the engine's clock allows (latest "
              + latest
              + ")");
    }
  }

  private static void checkNotBeforeRegistration(Snapshot s, String what, String id, Instant at) {
    Instant registered = s.customer.value().registeredAt();
    if (at.isBefore(registered)) {
      throw new IllegalArgumentException(
          what
              + " "
              + id
              + " is dated "
              + at
              + ", before customer "
              + s.id()
              + " registered at "
              + registered);
    }
  }

  /**
   * Whether the customer's history holds a record with this one's id: true for the same record (a
   * harmless repeat); an {@link IdempotencyConflictException} naming the differing fields for other
   * content under the same id.
   */
  private static boolean sameIdRecorded(Snapshot s, dev.care.core.consumption.ConsumptionRecord r) {
    Optional<dev.care.core.consumption.ConsumptionRecord> earlier = Optional.empty();
    for (dev.care.core.consumption.ConsumptionRecord x : s.history.records()) {
      if (x.recordId().equals(r.recordId())) {
        earlier = Optional.of(x);
        break;
      }
    }
    if (earlier.isEmpty()) {
      return false;
    }
    List<String> differing = differingFields(earlier.get(), r);
    if (!differing.isEmpty()) {
      throw new IdempotencyConflictException(IdempotencyKey.of(r.recordId()), differing);
    }
    return true;
  }

  /** The record components in which two consumption records differ (or their type). */
  private static List<String> differingFields(
      dev.care.core.consumption.ConsumptionRecord first,
      dev.care.core.consumption.ConsumptionRecord later) {
    if (!first.getClass().equals(later.getClass())) {
      return List.of(
          "record type ("
              + first.getClass().getSimpleName()
              + " vs "
              + later.getClass().getSimpleName()
              + ")");
    }
    List<String> out = new ArrayList<>();
    for (java.lang.reflect.RecordComponent rc : first.getClass().getRecordComponents()) {
      try {
        if (!Objects.equals(rc.getAccessor().invoke(first), rc.getAccessor().invoke(later))) {
          out.add(rc.getName());
        }
      } catch (IllegalAccessException | java.lang.reflect.InvocationTargetException e) {
        throw new IllegalStateException("cannot compare " + rc.getName(), e);
      }
    }
    return out;
  }

  /**
   * Runs a purchase's or return's command, turning a conflict on its ledger keys with another
   * customer's journal (the id was recorded for someone else) into a conflict naming the record's
   * differing fields. A reused id that earned nothing the first time is not visible here: record
   * ids are unique per customer in storage.
   */
  private <T> T decide(
      Observed observed,
      dev.care.core.consumption.ConsumptionRecord r,
      java.util.function.Function<Snapshot, Decided<T>> decision) {
    return decide(observed, r, List.of(), decision);
  }

  /** As above, reading other customers in the unit too (a referrer to reward). */
  private <T> T decide(
      Observed observed,
      dev.care.core.consumption.ConsumptionRecord r,
      List<CustomerId> others,
      java.util.function.Function<Snapshot, Decided<T>> decision) {
    try {
      return decide(observed, r.customerId(), others, decision);
    } catch (IdempotencyConflictException conflict) {
      Optional<CustomerId> other =
          storage
              .transactionFor(conflict.key())
              .map(Transaction::customer)
              .filter(c -> !c.equals(r.customerId()));
      Optional<dev.care.core.consumption.ConsumptionRecord> earlier =
          other.flatMap(
              c ->
                  storage.consumption(c).stream()
                      .filter(x -> x.recordId().equals(r.recordId()))
                      .findFirst());
      if (earlier.isEmpty()) {
        throw conflict;
      }
      throw new IdempotencyConflictException(
          IdempotencyKey.of(r.recordId()), differingFields(earlier.get(), r));
    }
  }

  /**
   * Records a purchase: earns points by the program's rules (pending through the return window),
   * plans the welcome on a first purchase and the e-bill, and reviews the tier — one unit of work.
   * Idempotent by the purchase id.
   *
   * @param purchase the purchase, in the program's currency
   * @return what happened
   * @throws dev.care.core.money.CurrencyMismatchException if the amount is not in the program's
   *     currency
   * @throws IllegalArgumentException if the purchase is dated before the customer registered or
   *     later than the clock plus the {@linkplain Builder#clockTolerance tolerance}
   * @throws IdempotencyConflictException if the purchase id was recorded before with other content
   *     (another amount, date, items, or customer); the exception names the differing fields
   * @throws UnknownCustomerException if the customer is not registered
   */
  public PurchaseOutcome recordPurchase(Purchase purchase) {
    Objects.requireNonNull(purchase, "purchase");
    checkCurrency(purchase.amount());
    checkNotFuture("purchase", purchase.recordId(), purchase.at());
    PurchaseOutcome outcome = observe(CommandKind.PURCHASE, o -> purchaseUnit(o, purchase));
    LOG.debug("purchase {} recorded", purchase.recordId());
    return outcome;
  }

  private PurchaseOutcome purchaseUnit(Observed o, Purchase purchase) {
    try {
      return purchaseUnit(o, purchase, List.of());
    } catch (ReadAlso more) {
      // the purchase qualifies for the referral: decide again with the referrer in the unit
      return purchaseUnit(o, purchase, List.of(more.customer));
    }
  }

  /**
   * Thrown by a decision that needs another customer in its unit of work (nothing is written): the
   * command decides again reading them too. Only the rare decision needs it (a referral's
   * qualifying purchase), so the others cost no read.
   */
  private static final class ReadAlso extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient CustomerId customer;

    ReadAlso(CustomerId customer) {
      super(customer.value(), null, false, false);
      this.customer = customer;
    }
  }

  private static IdempotencyKey referralKey(CustomerId member, String side) {
    return IdempotencyKey.of("referral/" + member.value() + "/" + side);
  }

  /**
   * The referrer to reward with this purchase: the customer was referred, the programme rewards
   * referrals, the purchase reaches the referral minimum within the referral window after the
   * registration, and no earlier recorded purchase of the customer did (that one was the qualifying
   * purchase). The postings' keys make the reward once in any case.
   */
  private Optional<CustomerId> referralDue(Snapshot s, Purchase purchase) {
    var rules = program.earning();
    Optional<CustomerId> referrer = s.state().referrer();
    if (referrer.isEmpty() || rules.referrerPoints() == 0 && rules.friendPoints() == 0) {
      return Optional.empty();
    }
    Instant registered = s.customer.value().registeredAt();
    java.util.function.Predicate<dev.care.core.consumption.ConsumptionRecord> qualifies =
        r ->
            r instanceof Purchase p
                && p.amount().minorUnits() >= rules.referralMinimumPurchaseMinor()
                && rules
                    .referralWindow()
                    .map(w -> p.at().isBefore(registered.plus(w)))
                    .orElse(true);
    if (!qualifies.test(purchase) || s.history.records().stream().anyMatch(qualifies)) {
      return Optional.empty();
    }
    if (s.transaction(referralKey(s.id(), "friend")).isPresent()) {
      return Optional.empty();
    }
    return referrer;
  }

  private PurchaseOutcome purchaseUnit(Observed o, Purchase purchase, List<CustomerId> others) {
    return decide(
        o,
        purchase,
        others,
        s -> {
          if (sameIdRecorded(s, purchase)) {
            o.duplicate();
            List<Outcome> earlier = new ArrayList<>();
            for (int i = 0; ; i++) {
              Optional<Transaction> tx = s.transaction(earnKey(purchase.recordId(), i));
              if (tx.isEmpty()) {
                break;
              }
              earlier.add(tx.get().outcome());
            }
            return new Decided<>(
                new PurchaseOutcome(true, Optional.empty(), earlier, CarePlan.empty()),
                Optional.<Projection>empty());
          }
          checkNotBeforeRegistration(s, "purchase", purchase.recordId(), purchase.at());
          return purchased(s, purchase);
        });
  }

  private Decided<PurchaseOutcome> purchased(Snapshot s, Purchase purchase) {
    Customer customer = s.customer.value();
    Instant now = clock.instant();
    boolean first = s.history.frequency(now) == 0;
    Optional<CustomerId> referrer = referralDue(s, purchase);
    if (referrer.isPresent() && !s.others.containsKey(referrer.get())) {
      throw new ReadAlso(referrer.get());
    }
    Optional<Snapshot> referring = referrer.map(s.others::get);
    boolean referrerErased = referring.map(r -> r.customer.value().isErased()).orElse(false);
    EarnRequest request =
        new EarnRequest(
            purchase,
            customer.tier(),
            Money.zero(program.currency()),
            earnedInCapPeriod(s, now),
            customer.birthday(),
            birthdayBonusGiven(s, purchase.at()),
            first,
            referrer);
    EarnDecision decision = earning.decide(request, program);
    var friendRule = program.rule("earning.referral.friend");
    var referrerRule = program.rule("earning.referral.referrer");
    List<Command> commands = new ArrayList<>();
    Optional<Instant> pendingUntil =
        program.points().pendingWindow().isZero()
            ? Optional.empty()
            : Optional.of(purchase.at().plus(program.points().pendingWindow()));
    int i = 0;
    for (Award a : decision.awards()) {
      if (a.rule().equals(referrerRule) && referrerErased) {
        continue; // an erased referrer is not rewarded; the new member still is
      }
      IdempotencyKey key =
          a.rule().equals(friendRule)
              ? referralKey(customer.id(), "friend")
              : a.rule().equals(referrerRule)
                  ? referralKey(customer.id(), "referrer")
                  : earnKey(purchase.recordId(), i++);
      PostingContext ctx =
          PostingContext.of(a.reason(), "care-engine")
              .withSourceRef(purchase.recordId())
              .withRule(a.rule().toString());
      BigDecimal points = BigDecimal.valueOf(a.points());
      commands.add(
          new Earn(
              key,
              a.beneficiary(),
              points,
              BigDecimal.valueOf(Math.min(a.qualifying(), a.points())),
              Funding.ISSUED,
              a.beneficiary().equals(customer.id()) ? pendingUntil : Optional.empty(),
              ctx));
    }
    winBackOffer(s, purchase.at()).ifPresent(commands::add);
    CustomerContext context = s.context();
    CarePlan welcome = first ? triggers.welcome(context, purchase.at()) : CarePlan.empty();
    List<Outcome> outcomes = new ArrayList<>();
    for (Command c : commands) {
      outcomes.add(s.attempt.execute(c));
    }
    referring
        .filter(r -> !referrerErased)
        .ifPresent(r -> rewardedReferrer(r, customer.id(), purchase.at(), now));
    // the e-bill shows the balances after the purchase, its own (pending) points included
    CarePlan care =
        eBillAfter(
                s,
                purchase.recordId(),
                purchase.amount().toString(),
                "purchase",
                purchase.at(),
                OptionalLong.empty(),
                Optional.empty())
            .plus(welcome);
    ConsumptionHistory after = s.history.with(purchase);
    s.emit(
        purchase.recordId(),
        new PurchaseRecorded(s.id(), purchase.at(), purchase.recordId(), purchase.amount()));
    Customer file = reviewTier(s, after, now).file().orElse(customer);
    s.attempt.alsoWrite(
        u -> {
          u.addConsumption(purchase);
          writeCare(u, care);
        });
    Projection attributes = s.project(file, after, s.interactions(), now);
    return new Decided<>(
        new PurchaseOutcome(false, Optional.of(decision), outcomes, care), Optional.of(attributes));
  }

  /** The referrer's e-bill and segment projection after their referral reward. */
  private void rewardedReferrer(Snapshot r, CustomerId member, Instant at, Instant now) {
    Optional<Transaction> reward = r.transaction(referralKey(member, "referrer"));
    if (reward.isEmpty()) {
      return;
    }
    CarePlan bill =
        eBillAfter(
            r,
            "referral/" + member.value(),
            program.earning().referrerPoints() + " points",
            "referral reward",
            at,
            OptionalLong.empty(),
            Optional.empty());
    r.attempt.alsoWrite(u -> writeCare(u, bill));
    r.project(r.customer.value(), r.history, r.interactions(), now);
  }

  /**
   * The win-back offer's points, when this purchase is the customer's return: the first purchase
   * after the win-back message and before the follow-up call falls due ({@code followUpAfter}).
   * Keyed by the message's date, so it is credited once per win-back occasion.
   */
  private Optional<Command> winBackOffer(Snapshot s, Instant at) {
    Optional<Instant> opened = s.state().winBackSent();
    if (opened.isEmpty() || program.care().winBack().isEmpty()) {
      return Optional.empty();
    }
    Instant sent = opened.get();
    CareSettings.WinBack w = program.care().winBack().get();
    if (w.offerPoints() == 0 || at.isBefore(sent) || !at.isBefore(sent.plus(w.followUpAfter()))) {
      return Optional.empty();
    }
    IdempotencyKey key =
        IdempotencyKey.of(
            "win-back-offer:" + s.id().value() + ":" + sent.atZone(program.zone()).toLocalDate());
    if (s.transaction(key).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        Earn.of(
                key,
                s.id(),
                w.offerPoints(),
                PostingContext.of("win-back offer", "care-engine")
                    .withRule(program.rule("care.winBack").toString()))
            .promotional()
            .withQualifying(BigDecimal.ZERO));
  }

  private long earnedInCapPeriod(Snapshot s, Instant now) {
    if (program.earning().periodCap().isEmpty()) {
      return 0;
    }
    Instant from = now.minus(program.earning().periodCap().get().period());
    dev.care.core.ledger.AccountId points = dev.care.core.ledger.AccountId.points(s.id());
    long earned = 0;
    for (Posting p : s.pointsPostings()) {
      if (p.kind() == PostingKind.EARN
          && !p.at().isBefore(from)
          && p.context().sourceRef().isPresent()) {
        earned += p.amountOn(points);
      }
    }
    return earned;
  }

  /**
   * Whether the birthday bonus was given for the birthday occurrence whose window this purchase
   * falls in (a 30 December birthday's window may end in January: one bonus for it, and the next
   * December's birthday is a new occurrence). An earlier bonus belongs to the occurrence of the
   * purchase it was earned on.
   */
  private boolean birthdayBonusGiven(Snapshot s, Instant at) {
    Optional<ImportantDate> birthday = s.customer.value().birthday();
    if (birthday.isEmpty()) {
      return false;
    }
    Optional<java.time.LocalDate> occurrence =
        EarningCalculator.birthdayOccurrence(birthday.get(), at, program);
    if (occurrence.isEmpty()) {
      return false;
    }
    return s.pointsPostings().stream()
        .filter(
            p ->
                p.kind() == PostingKind.EARN
                    && p.context().rule().map(r -> r.endsWith("/earning.birthday")).orElse(false))
        .map(
            p ->
                p.context()
                    .sourceRef()
                    .flatMap(s.history::purchase)
                    .map(Purchase::at)
                    .orElse(p.at()))
        .anyMatch(
            earned ->
                EarningCalculator.birthdayOccurrence(birthday.get(), earned, program)
                    .equals(occurrence));
  }

  /**
   * Records a return: reverses the points its purchase earned in proportion to the amount returned
   * (the last return of a purchase takes exactly what is left, so returns sum to the original).
   * Idempotent by the return id.
   *
   * @param ret the return
   * @return the ledger outcomes (a reversal the clawback policy refuses is reported, not thrown)
   * @throws dev.care.core.money.CurrencyMismatchException if the amount is not in the program's
   *     currency
   * @throws IllegalArgumentException if the return is dated before the customer registered or later
   *     than the clock plus the {@linkplain Builder#clockTolerance tolerance}
   * @throws IdempotencyConflictException if the return id was recorded before with other content
   * @throws UnknownCustomerException if the customer is not registered
   */
  public List<Outcome> recordReturn(Return ret) {
    Objects.requireNonNull(ret, "ret");
    checkCurrency(ret.amount());
    checkNotFuture("return", ret.recordId(), ret.at());
    return observe(CommandKind.RETURN, o -> returnUnit(o, ret));
  }

  private List<Outcome> returnUnit(Observed o, Return ret) {
    try {
      return returnUnit(o, ret, List.of());
    } catch (ReadAlso more) {
      // the return takes back a referral reward: decide again with the referrer in the unit
      return returnUnit(o, ret, List.of(more.customer));
    }
  }

  private List<Outcome> returnUnit(Observed o, Return ret, List<CustomerId> others) {
    return decide(
        o,
        ret,
        others,
        s -> {
          if (sameIdRecorded(s, ret)) {
            o.duplicate();
            return new Decided<>(List.<Outcome>of(), Optional.<Projection>empty());
          }
          checkNotBeforeRegistration(s, "return", ret.recordId(), ret.at());
          ConsumptionHistory after = s.history.with(ret);
          Purchase purchase =
              after
                  .purchase(ret.purchaseId())
                  .orElseThrow(
                      () -> new IllegalArgumentException("unknown purchase " + ret.purchaseId()));
          List<Command> reversals = new ArrayList<>();
          for (int i = 0; ; i++) {
            Optional<Transaction> tx = s.transaction(earnKey(purchase.recordId(), i));
            if (tx.isEmpty()) {
              break;
            }
            if (!(tx.get().outcome() instanceof Outcome.Posted posted)) {
              continue;
            }
            Posting earn = posted.posting();
            long original = posted.bills().get(0).amount();
            long targetBefore =
                share(original, s.history.returnedOf(purchase.recordId()), purchase.amount());
            long targetAfter =
                share(original, after.returnedOf(purchase.recordId()), purchase.amount());
            if (targetAfter > targetBefore) {
              reversals.add(
                  Reverse.part(
                      IdempotencyKey.of("return/" + ret.recordId() + "/" + i),
                      earn.id(),
                      targetAfter - targetBefore,
                      PostingContext.of("return of " + purchase.recordId(), "care-engine")
                          .withSourceRef(ret.recordId())
                          .withRule(program.rule("returns.reversal").toString())));
            }
          }
          Optional<Snapshot> referring = referralTakenBack(s, purchase, after, ret, reversals);
          List<Outcome> outcomes = new ArrayList<>();
          for (Command c : reversals) {
            outcomes.add(o.verdict(s.attempt.execute(c)));
          }
          Instant now = clock.instant();
          referring.ifPresent(r -> reversedReferrer(r, s.id(), purchase, ret, now));
          CarePlan bill =
              eBillAfter(
                  s,
                  ret.recordId(),
                  ret.amount().toString(),
                  "return of " + purchase.recordId(),
                  ret.at(),
                  OptionalLong.empty(),
                  Optional.empty());
          Customer file = reviewTier(s, after, now).file().orElse(s.customer.value());
          s.attempt.alsoWrite(
              u -> {
                u.addConsumption(ret);
                writeCare(u, bill);
              });
          return new Decided<>(
              outcomes, Optional.of(s.project(file, after, s.interactions(), now)));
        });
  }

  /**
   * The reversal of a referral reward by a return ({@link #register(Customer, CustomerId)}): when
   * the returned purchase is the one that earned the referral (the friend's reward names it) and
   * what is left of it after this return no longer reaches {@code
   * earning.referral.minimumPurchaseMinor}, both rewards are reversed in full, through the ledger's
   * reversal as any return's ({@code returns.reversal}, sourced by the return). Keyed by the
   * referral ({@code referral/CUSTOMER/friend/reversal}, {@code .../referrer/reversal}), so it
   * happens once however many returns follow; a partial return that leaves a qualifying amount
   * reverses nothing. The referrer's reversal follows the program's clawback policy like any return
   * of spent points ({@code points.allowNegativeBalance}, {@code points.negativeLimit}): a reversal
   * the ledger refuses is reported in the return's outcomes, not retried. A referral taken back is
   * not earned again by a later purchase. Adds the commands to {@code reversals}; needs the
   * referrer in the unit (asks for it with {@link ReadAlso}), locked with the customer in the fixed
   * order of every multi-customer unit.
   *
   * @return the referrer's snapshot when their reward is reversed
   */
  private Optional<Snapshot> referralTakenBack(
      Snapshot s,
      Purchase purchase,
      ConsumptionHistory after,
      Return ret,
      List<Command> reversals) {
    Optional<Posting> friend =
        s.transaction(referralKey(s.id(), "friend"))
            .map(Transaction::outcome)
            .filter(Outcome.Posted.class::isInstance)
            .map(x -> ((Outcome.Posted) x).posting())
            .filter(p -> p.context().sourceRef().equals(Optional.of(purchase.recordId())));
    if (friend.isEmpty()) {
      return Optional.empty();
    }
    long kept = purchase.amount().minus(after.returnedOf(purchase.recordId())).minorUnits();
    if (kept >= program.earning().referralMinimumPurchaseMinor()) {
      return Optional.empty();
    }
    IdempotencyKey friendKey =
        IdempotencyKey.of(referralKey(s.id(), "friend").value() + "/reversal");
    if (s.transaction(friendKey).isPresent()) {
      return Optional.empty();
    }
    java.util.function.Function<String, PostingContext> why =
        side ->
            PostingContext.of(
                    "return of "
                        + purchase.recordId()
                        + ": referral reward ("
                        + side
                        + ") reversed",
                    "care-engine")
                .withSourceRef(ret.recordId())
                .withRule(program.rule("returns.reversal").toString());
    reversals.add(Reverse.all(friendKey, friend.get().id(), why.apply("friend")));
    Optional<CustomerId> referrer = s.state().referrer();
    if (referrer.isEmpty()) {
      return Optional.empty();
    }
    if (!s.others.containsKey(referrer.get())) {
      throw new ReadAlso(referrer.get());
    }
    Snapshot r = s.others.get(referrer.get());
    Optional<Posting> reward =
        r.transaction(referralKey(s.id(), "referrer"))
            .map(Transaction::outcome)
            .filter(Outcome.Posted.class::isInstance)
            .map(x -> ((Outcome.Posted) x).posting());
    if (reward.isEmpty() || r.customer.value().isErased()) {
      return Optional.empty(); // never rewarded (erased before), or erased since: nothing to bill
    }
    reversals.add(
        Reverse.all(
            IdempotencyKey.of(referralKey(s.id(), "referrer").value() + "/reversal"),
            reward.get().id(),
            why.apply("referrer")));
    return Optional.of(r);
  }

  /** The referrer's e-bill and segment projection after their referral reward was reversed. */
  private void reversedReferrer(
      Snapshot r, CustomerId member, Purchase purchase, Return ret, Instant now) {
    Optional<Transaction> reversal =
        r.transaction(IdempotencyKey.of(referralKey(member, "referrer").value() + "/reversal"));
    if (reversal.isEmpty() || !(reversal.get().outcome() instanceof Outcome.Posted posted)) {
      return;
    }
    CarePlan bill =
        eBillAfter(
            r,
            "referral/" + member.value() + "/reversal",
            Math.abs(posted.posting().amountOn(dev.care.core.ledger.AccountId.points(r.id())))
                + " points",
            "referral reward reversed (return of " + purchase.recordId() + ")",
            ret.at(),
            OptionalLong.empty(),
            Optional.empty());
    r.attempt.alsoWrite(u -> writeCare(u, bill));
    r.project(r.customer.value(), r.history, r.interactions(), now);
  }

  private static long share(long points, Money part, Money whole) {
    if (whole.isZero()) {
      return 0;
    }
    return BigInteger.valueOf(points)
        .multiply(BigInteger.valueOf(part.minorUnits()))
        .divide(BigInteger.valueOf(whole.minorUnits()))
        .longValueExact();
  }

  /**
   * Tops up a wallet, with the most generous top-up promotion the amount qualifies for.
   *
   * @param key idempotency key
   * @param customer whose wallet
   * @param amount paid amount
   * @return the ledger outcome (with the e-bill data)
   */
  public Outcome topUp(IdempotencyKey key, CustomerId customer, Money amount) {
    Objects.requireNonNull(key, "key");
    checkCurrency(amount);
    PostingContext ctx = PostingContext.of("wallet top-up", "care-engine");
    TopUp plain =
        TopUp.of(key, customer, amount, ctx.withRule(program.rule("wallet.topUp").toString()));
    var promo = program.wallet().promotionFor(amount.minorUnits());
    TopUp t =
        promo.isEmpty()
            ? plain
            : new TopUp(
                key,
                customer,
                amount,
                Optional.of(Money.ofMinor(amount.currency(), promo.get().bonusMinor())),
                Optional.of(promo.get().bonusExpiry()),
                ctx.withRule(
                    program.rule("wallet.topUpPromotions." + promo.get().id()).toString()));
    return observe(
        CommandKind.TOP_UP,
        o ->
            decide(
                o,
                customer,
                s ->
                    new Decided<>(
                        billedLedgerUnit(
                            o,
                            s,
                            t,
                            amount.toString(),
                            t.bonus()
                                .map(b -> "wallet top-up (bonus " + b + ")")
                                .orElse("wallet top-up")),
                        Optional.<Projection>empty())));
  }

  /** Runs a ledger command in a unit, telling a repeat of its key and a rejection apart. */
  private Outcome ledgerUnit(Observed o, Snapshot s, Command command) {
    boolean repeat = s.attempt.ledger().transaction(command.key()).isPresent();
    Outcome outcome = o.verdict(s.attempt.execute(command));
    if (repeat) {
      o.duplicate();
    }
    return outcome;
  }

  /**
   * As {@link #ledgerUnit}, and a command that posts (not a repeat, not a rejection) sends the
   * e-bill {@code e-bill:KIND/KEY} with the balances after it.
   */
  private Outcome billedLedgerUnit(
      Observed o, Snapshot s, Command command, String amount, String purpose) {
    boolean repeat = s.attempt.ledger().transaction(command.key()).isPresent();
    Outcome outcome = ledgerUnit(o, s, command);
    if (!repeat && outcome instanceof Outcome.Posted posted) {
      CarePlan bill =
          eBillAfter(
              s,
              tag(posted.posting().kind().name()) + "/" + command.key().value(),
              amount,
              purpose,
              posted.posting().at(),
              OptionalLong.empty(),
              Optional.empty());
      s.attempt.alsoWrite(u -> writeCare(u, bill));
    }
    return outcome;
  }

  /**
   * The e-bill of a movement with the balances after it: the points on the account (pending points
   * included) and the wallet, as this unit leaves them, unless the movement's own bill gives them.
   */
  private CarePlan eBillAfter(
      Snapshot s,
      String recordId,
      String amount,
      String purpose,
      Instant at,
      OptionalLong pointsAfter,
      Optional<Money> walletAfter) {
    CustomerContext now = s.context();
    long points =
        pointsAfter.orElseGet(() -> Math.max(0, s.attempt.ledger().points(s.id()).posted()));
    CustomerContext after =
        new CustomerContext(now.customer(), now.stage(), now.openComplaint(), points);
    return triggers.eBill(
        after, recordId, amount, purpose, walletAfter.isPresent() ? walletAfter : s.wallet(), at);
  }

  /**
   * The e-bills of the expiries this unit commits (applied when the customer's book was read):
   * {@code e-bill:expiry/POSTING}, with the balance of the expired asset right after the expiry.
   */
  private void billExpiries(Snapshot s) {
    CarePlan bills = CarePlan.empty();
    for (Transaction tx : s.freshTransactions()) {
      if (tx.command().isPresent() || !(tx.outcome() instanceof Outcome.Posted posted)) {
        continue;
      }
      if (posted.posting().kind() != PostingKind.EXPIRE) {
        continue;
      }
      for (dev.care.core.ledger.Bill b : posted.bills()) {
        if (!b.customer().equals(s.id()) || b.amount() == 0) {
          continue;
        }
        String record = "expiry/" + b.posting();
        if (b.asset().isPoints()) {
          bills =
              bills.plus(
                  eBillAfter(
                      s,
                      record,
                      Math.abs(b.amount()) + " points",
                      "points expired",
                      b.at(),
                      OptionalLong.of(Math.max(0, b.balanceAfter())),
                      Optional.empty()));
        } else {
          java.util.Currency currency = b.asset().currency();
          bills =
              bills.plus(
                  eBillAfter(
                      s,
                      record,
                      Money.ofMinor(currency, Math.abs(b.amount())).toString(),
                      "bonus value expired",
                      b.at(),
                      OptionalLong.empty(),
                      Optional.of(Money.ofMinor(currency, b.balanceAfter()))));
        }
      }
    }
    if (!bills.isEmpty()) {
      CarePlan care = bills;
      s.attempt.alsoWrite(u -> writeCare(u, care));
    }
  }

  /**
   * Spends stored value.
   *
   * @param key idempotency key
   * @param customer whose wallet
   * @param amount the amount
   * @param purpose what it pays for
   * @return the ledger outcome
   */
  public Outcome spend(IdempotencyKey key, CustomerId customer, Money amount, String purpose) {
    checkCurrency(amount);
    Spend command =
        new Spend(
            key,
            customer,
            amount,
            PostingContext.of(purpose, "care-engine")
                .withRule(program.rule("wallet.spend").toString()));
    return observe(
        CommandKind.SPEND,
        o ->
            decide(
                o,
                customer,
                s ->
                    new Decided<>(
                        billedLedgerUnit(o, s, command, amount.toString(), purpose),
                        Optional.<Projection>empty())));
  }

  /**
   * Redeems points for a reward.
   *
   * @param key idempotency key
   * @param customer whose points
   * @param points how many
   * @param reward what for
   * @return the ledger outcome
   */
  public Outcome redeem(IdempotencyKey key, CustomerId customer, long points, String reward) {
    Redeem command =
        new Redeem(
            key,
            customer,
            points,
            PostingContext.of(reward, "care-engine")
                .withRule(program.rule("points.redeem").toString()));
    return observe(
        CommandKind.REDEEM,
        o ->
            decide(
                o,
                customer,
                s -> {
                  Outcome outcome = billedLedgerUnit(o, s, command, points + " points", reward);
                  return new Decided<>(
                      outcome,
                      Optional.of(
                          s.project(
                              s.customer.value(), s.history, s.interactions(), clock.instant())));
                }));
  }

  /**
   * Moves points from one customer to another (e.g. family pooling), both customers in one unit of
   * work; each gets an e-bill ({@code e-bill:transfer/KEY/CUSTOMER}) with their points after it.
   * Idempotent by the key. Transferred points do not count towards tiers.
   *
   * @param key idempotency key
   * @param from who gives
   * @param to who receives (another customer)
   * @param points how many, positive
   * @param reason what for, shown on both e-bills
   * @return the ledger outcome (a transfer the sender cannot cover is rejected, not thrown)
   * @throws UnknownCustomerException if either customer is not registered
   */
  public Outcome transferPoints(
      IdempotencyKey key, CustomerId from, CustomerId to, long points, String reason) {
    Objects.requireNonNull(reason, "reason");
    Transfer command =
        new Transfer(
            key,
            from,
            to,
            points,
            PostingContext.of(reason, "care-engine")
                .withRule(program.rule("points.transfer").toString()));
    return observe(CommandKind.TRANSFER, o -> transferUnit(o, command));
  }

  private Outcome transferUnit(Observed o, Transfer t) {
    DurableLedger.Attempt[] last = new DurableLedger.Attempt[1];
    Map<CustomerId, Projection> placed = new LinkedHashMap<>();
    Outcome outcome =
        ledger.updateRecords(
            List.of(t.from(), t.to()),
            attempt -> {
              o.attempt();
              last[0] = attempt;
              placed.clear();
              Snapshot giver = new Snapshot(attempt, t.from());
              Snapshot receiver = new Snapshot(attempt, t.to());
              boolean repeat = attempt.ledger().transaction(t.key()).isPresent();
              Outcome out = o.verdict(attempt.execute(t));
              if (repeat) {
                o.duplicate();
              } else if (out instanceof Outcome.Posted posted) {
                Instant now = clock.instant();
                for (Snapshot s : List.of(giver, receiver)) {
                  CarePlan bill =
                      eBillAfter(
                          s,
                          "transfer/" + t.key().value() + "/" + s.id().value(),
                          t.points() + " points",
                          t.context().reason(),
                          posted.posting().at(),
                          OptionalLong.empty(),
                          Optional.empty());
                  s.attempt.alsoWrite(u -> writeCare(u, bill));
                  placed.put(
                      s.id(), s.project(s.customer.value(), s.history, s.interactions(), now));
                }
              }
              for (Snapshot s : List.of(giver, receiver)) {
                billExpiries(s);
                s.schedule();
              }
              return out;
            });
    placed.forEach((id, a) -> segments.apply(id, a, last[0].committedVersion(id)));
    return outcome;
  }

  /**
   * Sets a tier floor by hand until an instant: the customer holds at least {@code tier} (moving up
   * to it at once, with a {@code TierChanged} event) and earns higher tiers as usual; the nightly
   * tier review never moves them below it before {@code until}. From {@code until} on the floor no
   * longer applies: the nightly run visits the customer then (the due index wakes them) and they
   * move to the tier they earn at once, without a grace period. Replaces any manual tier set
   * before. Stored in the customer's care state: restarts and other instances see it.
   *
   * @param customer the customer
   * @param tier a tier the programme declares
   * @param until when the floor ends, after the clock
   * @param reason why (shown as the reason of the tier change), not blank
   * @return the customer's tier afterwards
   * @throws IllegalArgumentException if the programme has no tiers or not this one, {@code until}
   *     is not after the clock, or the reason is blank
   * @throws UnknownCustomerException if the customer is not registered
   */
  public TierId setTierFloor(CustomerId customer, TierId tier, Instant until, String reason) {
    return manualTier(customer, new ManualTier(ManualTier.Mode.FLOOR, tier, until), reason);
  }

  /**
   * Fixes a customer's tier by hand until an instant: they hold exactly {@code tier}, above or
   * below what they earn (a {@code TierChanged} event when that changes their tier), until {@code
   * until}; then, as for {@link #setTierFloor}, the nightly run moves them to the tier they earn.
   *
   * @param customer the customer
   * @param tier a tier the programme declares
   * @param until when the fixed tier ends, after the clock
   * @param reason why (shown as the reason of the tier change), not blank
   * @return the customer's tier afterwards
   * @throws IllegalArgumentException if the programme has no tiers or not this one, {@code until}
   *     is not after the clock, or the reason is blank
   * @throws UnknownCustomerException if the customer is not registered
   */
  public TierId fixTier(CustomerId customer, TierId tier, Instant until, String reason) {
    return manualTier(customer, new ManualTier(ManualTier.Mode.FIXED, tier, until), reason);
  }

  /**
   * Ends a manual tier ({@link #setTierFloor}, {@link #fixTier}) now: the customer moves to the
   * tier they earn at once. Harmless without one.
   *
   * @param customer the customer
   * @param reason why, not blank
   * @return the customer's tier afterwards
   * @throws UnknownCustomerException if the customer is not registered
   */
  public TierId clearManualTier(CustomerId customer, String reason) {
    Objects.requireNonNull(customer, "customer");
    checkReason(reason);
    return observe(
        CommandKind.MANUAL_TIER,
        o ->
            decide(
                o,
                customer,
                s -> {
                  Instant now = clock.instant();
                  if (s.state().manualTier().filter(m -> m.activeAt(now)).isEmpty()) {
                    o.duplicate();
                  }
                  // ended now: the review clears it and moves the customer to what they earn
                  s.attempt.putState(
                      s.state()
                          .withTier(
                              s.state()
                                  .manualTier()
                                  .map(m -> new ManualTier(m.mode(), m.tier(), now)),
                              s.state().tierBelowSince()));
                  return tierDecided(s, now, Optional.of("manual tier cleared: " + reason));
                }));
  }

  /**
   * The manual tier set by staff on a customer, while it applies.
   *
   * @param customer the customer
   * @return the setting
   * @throws UnknownCustomerException if the customer is not registered
   */
  public Optional<ManualTier> manualTier(CustomerId customer) {
    existing(customer);
    Instant now = clock.instant();
    return storage
        .careState(customer)
        .flatMap(v -> v.value().manualTier())
        .filter(m -> m.activeAt(now));
  }

  private static void checkReason(String reason) {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank() || reason.length() > 200) {
      throw new IllegalArgumentException(
          "reason must be 1..200 non-blank characters, got '" + reason + "'");
    }
  }

  private TierId manualTier(CustomerId customer, ManualTier manual, String reason) {
    Objects.requireNonNull(customer, "customer");
    checkReason(reason);
    if (!declares(program, manual.tier())) {
      throw new IllegalArgumentException(
          "tier "
              + manual.tier()
              + " is not declared by program "
              + program.id()
              + "; declared: "
              + program.tiers().levels().stream().map(l -> l.id().name()).toList());
    }
    Instant now = clock.instant();
    if (!manual.until().isAfter(now)) {
      throw new IllegalArgumentException(
          "a manual tier must end after now (" + now + "), got until " + manual.until());
    }
    return observe(
        CommandKind.MANUAL_TIER,
        o ->
            decide(
                o,
                customer,
                s -> {
                  if (s.customer.value().isErased()) {
                    throw new IllegalArgumentException(
                        "customer " + customer + " is erased: no tier can be set");
                  }
                  if (s.state().manualTier().equals(Optional.of(manual))) {
                    o.duplicate();
                  }
                  s.attempt.putState(
                      s.state().withTier(Optional.of(manual), s.state().tierBelowSince()));
                  return tierDecided(
                      s,
                      now,
                      Optional.of(
                          manual.mode().name().toLowerCase(java.util.Locale.ROOT)
                              + " tier "
                              + manual.tier()
                              + " until "
                              + manual.until()
                              + " set by staff: "
                              + reason));
                }));
  }

  /** Reviews the tier after a manual change (the reason on the change event), and projects. */
  private Decided<TierId> tierDecided(Snapshot s, Instant now, Optional<String> why) {
    TierOutcome t = reviewTier(s, s.history, now, why);
    Customer file = t.file().orElse(s.customer.value());
    Projection a = s.project(file, s.history, s.interactions(), now);
    return new Decided<>(file.tier().orElse(tiers.initial().current()), Optional.of(a));
  }

  /**
   * Records (or updates) a service interaction. When it closes, plans the follow-up: thank-you and
   * survey right after the resolution (peak-end), and service recovery after a dissatisfier —
   * apology, goodwill points within the program's monthly budget (shared by all customers and
   * instances; once it is spent, no goodwill and an apology that promises none), escalation with
   * the temperament's playbook.
   *
   * @param interaction the interaction
   * @return the care planned
   */
  public CarePlan recordInteraction(ServiceInteraction interaction) {
    Objects.requireNonNull(interaction, "interaction");
    return observe(CommandKind.INTERACTION, o -> interactionUnit(o, interaction));
  }

  private CarePlan interactionUnit(Observed o, ServiceInteraction interaction) {
    return decide(o, interaction.customerId(), s -> interactionDecision(s, interaction));
  }

  /**
   * What recording an interaction decides in a customer's unit (see {@link #recordInteraction}).
   */
  private Decided<CarePlan> interactionDecision(Snapshot s, ServiceInteraction interaction) {
    Optional<Versioned<ServiceInteraction>> stored = storage.interaction(interaction.id());
    boolean closing = !interaction.isOpen() && stored.map(v -> v.value().isOpen()).orElse(true);
    long version = stored.map(Versioned::version).orElse(0L);
    List<ServiceInteraction> all = new ArrayList<>(s.interactions());
    all.removeIf(i -> i.id().equals(interaction.id()));
    all.add(interaction);
    CarePlan plan = CarePlan.empty();
    String budget = goodwillCounter(clock.instant());
    Map<Integer, Versioned<Long>> shards = Map.of();
    if (closing) {
      var index = satisfaction.compute(all, catalogue, clock.instant());
      shards = storage.counterShards(budget);
      plan =
          withSurveyTokens(
              triggers.onInteractionClosed(
                  s.context(), interaction, index, goodwillUsedThisMonth(shards)));
    }
    Instant now = clock.instant();
    Optional<SatisfactionIndex> before = satisfaction.compute(s.interactions(), catalogue, now);
    Optional<SatisfactionIndex> after = satisfaction.compute(all, catalogue, now);
    if (after.isPresent() && !after.equals(before)) {
      s.emit(
          interaction.id() + "/" + version,
          new SatisfactionIndexChanged(s.id(), now, before, after.get()));
    }
    CarePlan care = plan;
    for (CarePlan.Goodwill g : care.goodwill()) {
      reserveGoodwill(s, budget, shards, g.points());
      s.attempt.execute(
          Earn.of(
                  IdempotencyKey.of(g.idempotencyKey()),
                  s.id(),
                  g.points(),
                  PostingContext.of(g.reason(), "care-engine")
                      .withRule(program.rule("care.recovery").toString()))
              .promotional()
              .withQualifying(BigDecimal.ZERO));
    }
    planTasks(s, care);
    s.attempt.alsoWrite(
        u -> {
          u.putInteraction(interaction, version);
          writeCare(u, care);
        });
    return new Decided<>(
        care, Optional.of(s.project(s.customer.value(), s.history, all, clock.instant())));
  }

  // ------------------------------------------------------------------ two-way feedback

  /**
   * A plan with every new satisfaction survey given its reply token: the template variable {@code
   * surveyToken}, and {@code surveyLink} (the builder's {@link Builder#surveyLink} pattern with the
   * token) when a pattern is set. The token ({@link SurveyTokens}: the customer id and 128
   * unguessable bits) is stored in the survey's care action, where {@link #recordFeedback} finds
   * it: the same on every instance and after a restart, gone with the customer's erasure.
   */
  private CarePlan withSurveyTokens(CarePlan plan) {
    if (plan.actions().stream()
        .noneMatch(a -> a.kind() == dev.care.core.care.CareActionKind.SATISFACTION_SURVEY)) {
      return plan;
    }
    List<CareAction> actions = new ArrayList<>();
    for (CareAction a : plan.actions()) {
      if (a.kind() != dev.care.core.care.CareActionKind.SATISFACTION_SURVEY) {
        actions.add(a);
        continue;
      }
      String token = surveyTokens.token(a.customerId(), a.idempotencyKey());
      Map<String, String> v = new LinkedHashMap<>(a.variables());
      v.put("surveyToken", token);
      surveyLink.ifPresent(pattern -> v.put("surveyLink", pattern.replace("{token}", token)));
      actions.add(
          new CareAction(
              a.idempotencyKey(),
              a.customerId(),
              a.kind(),
              a.channel(),
              a.templateId(),
              v,
              a.due(),
              a.priority(),
              a.targetLevel()));
    }
    return new CarePlan(actions, plan.tasks(), plan.goodwill(), plan.skipped());
  }

  /**
   * Records a customer's answers to a satisfaction survey, by the survey's reply token (the {@code
   * surveyToken} variable of the survey's care action, or the token in its {@code surveyLink}): the
   * answers become a closed {@link InteractionKind#FEEDBACK} interaction with the factors they
   * name, which moves the customer's satisfaction index (a {@code SatisfactionIndexChanged} event
   * through the outbox when it changes) and, after a dissatisfier, plans service recovery as for
   * any interaction. One unit of work. Answering again with the same answers is harmless (a
   * duplicate); with other answers it is refused.
   *
   * @param token the survey's reply token
   * @param answers the answers, naming factors of the engine's catalogue
   * @return what was recorded
   * @throws InvalidFeedbackTokenException if no survey carries the token (unknown, forged, or the
   *     customer was erased), its answer period ({@link Builder#surveyValidity}) is over, or it was
   *     answered with other answers
   * @throws IllegalArgumentException if an answer names a factor the catalogue does not know
   */
  public FeedbackRecorded recordFeedback(String token, FeedbackAnswers answers) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(answers, "answers");
    checkFactors(answers.factors());
    int dot = token.indexOf('.');
    Optional<CustomerId> customer = Optional.empty();
    if (dot > 0 && dot < token.length() - 1 && token.length() <= 400) {
      try {
        customer =
            Optional.of(
                CustomerId.of(
                    new String(
                        java.util.Base64.getUrlDecoder().decode(token.substring(0, dot)),
                        java.nio.charset.StandardCharsets.UTF_8)));
      } catch (IllegalArgumentException malformed) {
        customer = Optional.empty();
      }
    }
    CustomerId id =
        customer
            .filter(c -> storage.customer(c).map(v -> !v.value().isErased()).orElse(false))
            .orElseThrow(
                () ->
                    new InvalidFeedbackTokenException(
                        InvalidFeedbackTokenException.Reason.UNKNOWN, "no survey carries it"));
    byte[] given = token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    CareAction survey =
        storage.careActions(id).stream()
            .filter(a -> a.kind() == dev.care.core.care.CareActionKind.SATISFACTION_SURVEY)
            .filter(
                a ->
                    java.security.MessageDigest.isEqual(
                        a.variables()
                            .getOrDefault("surveyToken", "")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        given))
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidFeedbackTokenException(
                        InvalidFeedbackTokenException.Reason.UNKNOWN, "no survey carries it"));
    Instant now = clock.instant();
    Instant expires = survey.due().plus(surveyValidity);
    if (!now.isBefore(expires)) {
      throw new InvalidFeedbackTokenException(
          InvalidFeedbackTokenException.Reason.EXPIRED,
          "the survey " + survey.idempotencyKey() + " could be answered until " + expires);
    }
    ServiceInteraction feedback =
        feedbackInteraction(
            "feedback/" + token.substring(dot + 1), id, survey.channel(), now, answers.factors());
    return observe(
        CommandKind.FEEDBACK,
        o ->
            feedbackUnit(
                o,
                feedback,
                () ->
                    new InvalidFeedbackTokenException(
                        InvalidFeedbackTokenException.Reason.ALREADY_USED,
                        "the survey "
                            + survey.idempotencyKey()
                            + " was answered already, with other answers")));
  }

  /**
   * Records a customer's answer to a care message (an SMS reply, an e-mail answer) as a closed
   * {@link InteractionKind#FEEDBACK} interaction with the factors the application read in it: it
   * moves the satisfaction index as survey answers do, and a dissatisfier plans service recovery.
   * Idempotent by the reply's id.
   *
   * @param reply the reply
   * @return what was recorded
   * @throws UnknownCustomerException if the customer is not registered
   * @throws IllegalArgumentException if the customer is erased, the reply is dated after the clock,
   *     or it names a factor the catalogue does not know, or {@code inReplyTo} names no care action
   *     of the customer
   * @throws IdempotencyConflictException if a reply with this id was recorded with other factors
   */
  public FeedbackRecorded recordReply(InboundReply reply) {
    Objects.requireNonNull(reply, "reply");
    checkFactors(reply.factors());
    checkNotFuture("reply", reply.id(), reply.at());
    Customer file = existing(reply.customer()).value();
    if (file.isErased()) {
      throw new IllegalArgumentException(
          "customer " + reply.customer() + " is erased: no reply can be recorded");
    }
    reply
        .inReplyTo()
        .ifPresent(
            key -> {
              if (storage.careActions(reply.customer()).stream()
                  .noneMatch(a -> a.idempotencyKey().equals(key))) {
                throw new IllegalArgumentException(
                    "reply "
                        + reply.id()
                        + " answers care action "
                        + key
                        + ", which customer "
                        + reply.customer()
                        + " never got");
              }
            });
    ServiceInteraction feedback =
        feedbackInteraction(
            "reply/" + reply.id(), reply.customer(), reply.channel(), reply.at(), reply.factors());
    return observe(
        CommandKind.FEEDBACK,
        o ->
            feedbackUnit(
                o,
                feedback,
                () ->
                    new IdempotencyConflictException(
                        IdempotencyKey.of("reply/" + reply.id()), List.of("factors"))));
  }

  private void checkFactors(List<ObservedFactor> factors) {
    for (ObservedFactor f : factors) {
      if (catalogue.find(f.code()).isEmpty()) {
        throw new IllegalArgumentException(
            "factor "
                + f.code()
                + " is not in the factor catalogue; known: "
                + catalogue.all().stream().map(dev.care.core.satisfaction.Factor::code).toList());
      }
    }
  }

  private static ServiceInteraction feedbackInteraction(
      String id, CustomerId customer, Channel channel, Instant at, List<ObservedFactor> factors) {
    return new ServiceInteraction(
        id,
        customer,
        InteractionKind.FEEDBACK,
        channel,
        at,
        Optional.of(at),
        Optional.of(InteractionOutcome.RESOLVED),
        Optional.empty(),
        0,
        0,
        0,
        factors,
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Records a feedback interaction once in the customer's unit of work: again with the same factors
   * is a duplicate, with others {@code different}'s exception.
   */
  private FeedbackRecorded feedbackUnit(
      Observed o,
      ServiceInteraction feedback,
      java.util.function.Supplier<RuntimeException> different) {
    return decide(
        o,
        feedback.customerId(),
        s -> {
          Instant now = clock.instant();
          Optional<ServiceInteraction> earlier =
              s.interactions().stream().filter(i -> i.id().equals(feedback.id())).findFirst();
          if (earlier.isPresent()) {
            if (!new java.util.HashSet<>(earlier.get().observedFactors())
                .equals(new java.util.HashSet<>(feedback.observedFactors()))) {
              throw different.get();
            }
            o.duplicate();
            return new Decided<>(
                new FeedbackRecorded(
                    s.id(),
                    feedback.id(),
                    true,
                    satisfaction.compute(s.interactions(), catalogue, now),
                    CarePlan.empty()),
                Optional.<Projection>empty());
          }
          Decided<CarePlan> d = interactionDecision(s, feedback);
          List<ServiceInteraction> all = new ArrayList<>(s.interactions());
          all.add(feedback);
          return new Decided<>(
              new FeedbackRecorded(
                  s.id(),
                  feedback.id(),
                  false,
                  satisfaction.compute(all, catalogue, now),
                  d.result()),
              d.projection());
        });
  }

  /** How many shards a month's goodwill budget is split into. */
  private static final int GOODWILL_SHARDS = 16;

  /**
   * The program's goodwill budget of a calendar month (in the program's zone) is one counter split
   * into {@value #GOODWILL_SHARDS} shards, shard {@code i} allowed its share of the budget. A grant
   * takes from the shards starting at a hash of the customer, so concurrent grants to different
   * customers mostly write different rows (no row every writer updates), and each shard is written
   * with the version read in the customer's unit of work: of two instances granting from one shard
   * at once, one re-reads and re-decides. The budget can therefore never be overspent, by any
   * number of instances; reading it is one bounded query.
   */
  private String goodwillCounter(Instant at) {
    return "goodwill:" + program.id() + ":" + java.time.YearMonth.from(at.atZone(program.zone()));
  }

  private long shardAllowance(int shard) {
    long budget = program.earning().goodwillMonthlyBudget();
    return budget / GOODWILL_SHARDS + (shard < budget % GOODWILL_SHARDS ? 1 : 0);
  }

  private long shardLeft(Map<Integer, Versioned<Long>> shards, int shard) {
    Versioned<Long> v = shards.get(shard);
    return Math.max(0, shardAllowance(shard) - (v == null ? 0 : v.value()));
  }

  /** The goodwill the program gave this month, as far as the budget is concerned. */
  private long goodwillUsedThisMonth(Map<Integer, Versioned<Long>> shards) {
    long left = 0;
    for (int i = 0; i < GOODWILL_SHARDS; i++) {
      left += shardLeft(shards, i);
    }
    return program.earning().goodwillMonthlyBudget() - left;
  }

  /** Takes a grant from the month's budget shards, in the customer's unit of work. */
  private void reserveGoodwill(
      Snapshot s, String budget, Map<Integer, Versioned<Long>> shards, long points) {
    int start = Math.floorMod(s.id().value().hashCode(), GOODWILL_SHARDS);
    long need = points;
    for (int k = 0; k < GOODWILL_SHARDS && need > 0; k++) {
      int shard = (start + k) % GOODWILL_SHARDS;
      long take = Math.min(need, shardLeft(shards, shard));
      if (take == 0) {
        continue;
      }
      need -= take;
      Versioned<Long> v = shards.get(shard);
      long value = (v == null ? 0 : v.value()) + take;
      long version = v == null ? 0 : v.version();
      s.attempt.alsoWrite(u -> u.putCounterShard(budget, shard, value, version));
    }
    if (need > 0) {
      throw new IllegalStateException(
          "goodwill of " + points + " points exceeds what is left of budget " + budget);
    }
  }

  /**
   * Runs what time brings, up to an instant (normally the clock's now): point and hold expiries,
   * tier reviews, life-cycle reviews with win-back, follow-up calls, overdue complaint escalation,
   * birthday and anniversary greetings, return visits. Only customers due by {@code until} are
   * visited: every unit of work stores in the customer's care state the next instant at which time
   * alone changes something for them, and storage answers which customers are due from an index on
   * it, so a night costs what is due, not what exists.
   *
   * <p>Each customer is one unit of work from how far time was advanced for them (stored in their
   * care state) to {@code until}, so a run that was interrupted, repeated, or run by another
   * instance meanwhile plans nothing twice, and purchases keep being recorded while it runs (a
   * command and the run meeting on one customer are ordered by the state's version; one retries).
   * Customers are claimed from storage in batches with a lease ({@link Builder#nightlyLease}), so
   * several instances running at once split them, and a crashed instance's customers are taken by
   * the next run after their lease ends. Customers are advanced {@link Builder#nightlyParallelism}
   * at a time; a customer whose unit fails (conflicts beyond the retries, a storage failure) is
   * reported in {@link AdvanceReport#failures()} and left for a later run, and the others go on.
   *
   * @param until the instant to advance to
   * @return what happened
   */
  public AdvanceReport advanceTo(Instant until) {
    Objects.requireNonNull(until, "until");
    return advance(until, false);
  }

  /**
   * As {@link #advanceTo}, but visits every customer, due or not, and recomputes when each is next
   * due. Run it once after changing the program's time-driven rules (greetings, return visits,
   * life-cycle or tier thresholds, point lifetimes): the due instants stored before were computed
   * under the old rules. It costs what exists, so it is not for every night.
   *
   * @param until the instant to advance to
   * @return what happened
   */
  public AdvanceReport advanceAll(Instant until) {
    Objects.requireNonNull(until, "until");
    return advance(until, true);
  }

  private AdvanceReport advance(Instant until, boolean everyone) {
    Instant earliest = clock.instant().minus(clockTolerance);
    if (until.isBefore(earliest)) {
      throw new IllegalArgumentException(
          "cannot advance to "
              + until
              + ": it is before the engine's clock minus its tolerance ("
              + earliest
              + "); time only moves forward");
    }
    long started = System.nanoTime();
    java.util.concurrent.atomic.AtomicIntegerArray counts =
        new java.util.concurrent.atomic.AtomicIntegerArray(6);
    java.util.concurrent.atomic.AtomicReference<Instant> from =
        new java.util.concurrent.atomic.AtomicReference<>(until);
    List<AdvanceFailure> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    com.google.common.util.concurrent.RateLimiter pace =
        nightlyRate > 0 ? com.google.common.util.concurrent.RateLimiter.create(nightlyRate) : null;
    java.util.concurrent.ExecutorService pool =
        nightlyParallelism == 1
            ? null
            : java.util.concurrent.Executors.newFixedThreadPool(nightlyParallelism);
    try {
      Optional<CustomerId> after = Optional.empty();
      while (true) {
        List<CustomerId> page =
            everyone
                ? storage.customerIds(after, NIGHTLY_BATCH)
                : storage.claimDueCustomers(until, clock.instant(), nightlyLease, NIGHTLY_BATCH);
        if (page.isEmpty()) {
          break;
        }
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        for (CustomerId id : page) {
          Runnable one =
              () -> {
                if (pace != null) {
                  pace.acquire();
                }
                advanceOne(id, until, counts, from, failures);
              };
          if (pool == null) {
            one.run();
          } else {
            running.add(pool.submit(one));
          }
        }
        for (java.util.concurrent.Future<?> f : running) {
          try {
            f.get();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("advanceTo was interrupted", e);
          } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("advanceTo failed", e.getCause());
          }
        }
        advanceListener.onProgress(counts.get(4), counts.get(4) - counts.get(5), counts.get(5));
        after = Optional.of(page.get(page.size() - 1));
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    segments.advanceTo(until);
    AdvanceReport report =
        new AdvanceReport(
            from.get(),
            until,
            counts.get(4),
            counts.get(0),
            counts.get(1),
            counts.get(2),
            counts.get(3),
            failures);
    if (failures.isEmpty()) {
      LOG.info("advanced to {}: {}", until, report);
    } else {
      LOG.warn(
          "advanced to {} with {} customers failed (first: {}): {}",
          until,
          failures.size(),
          failures.get(0),
          report);
    }
    java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - started);
    Instant finishedAt = clock.instant();
    for (EngineObserver observer : observers) {
      try {
        observer.advanceDone(report, finishedAt, took);
      } catch (RuntimeException e) {
        LOG.warn("observer {} failed on the run to {}: {}", observer, until, e.toString());
      }
    }
    return report;
  }

  /** One customer's unit of the nightly run; a failure is recorded, never thrown. */
  private void advanceOne(
      CustomerId id,
      Instant until,
      java.util.concurrent.atomic.AtomicIntegerArray counts,
      java.util.concurrent.atomic.AtomicReference<Instant> from,
      List<AdvanceFailure> failures) {
    counts.incrementAndGet(4);
    int[] mine = new int[4];
    Instant[] started = new Instant[1];
    try {
      observe(
          CommandKind.ADVANCE,
          o ->
              decide(
                  o,
                  id,
                  s -> {
                    java.util.Arrays.fill(mine, 0);
                    started[0] = s.state().advancedUntil();
                    return advance(s, until, mine);
                  }));
    } catch (RuntimeException e) {
      counts.incrementAndGet(5);
      failures.add(AdvanceFailure.of(id, e));
      LOG.warn("advancing {} to {} failed; the next run retries it: {}", id, until, e.toString());
      LOG.debug("advancing {} failed", id, e);
      return;
    }
    for (int i = 0; i < 4; i++) {
      counts.addAndGet(i, mine[i]);
    }
    from.accumulateAndGet(started[0], (a, b) -> a.isBefore(b) ? a : b);
  }

  /** One customer's advance; counts: stage changes, tier changes, new actions, new tasks. */
  private Decided<Void> advance(Snapshot s, Instant until, int[] counts) {
    CustomerId id = s.id();
    CareState state = s.state();
    if (state.advancedUntil().isAfter(until)) {
      // a late or repeated run (another instance got here first): nothing to do for this customer
      return new Decided<>(null, Optional.empty());
    }
    Instant from = state.advancedUntil();
    Customer customer = s.customer.value();
    CarePlan plan = CarePlan.empty();
    Optional<StageChange> change = lifecycle.review(s.history, state.stage(), until);
    if (change.isPresent()) {
      counts[0]++;
      state = state.withStage(Optional.of(change.get().to()));
      s.attempt.putState(state);
      LifecycleStageChanged stageEvent = LifecycleStageChanged.of(change.get());
      s.emit(stageEvent.to().name() + "/" + stageEvent.occurredAt(), stageEvent);
      if (change.get().from().isPresent()) {
        plan =
            plan.plus(triggers.onStageChanged(s.context(), LifecycleStageChanged.of(change.get())));
        if (change.get().to() == LifecycleStage.DECLINING
            || change.get().to() == LifecycleStage.LAPSED) {
          if (state.winBackSent().isEmpty()) {
            state = state.withWinBackSent(Optional.of(until));
          }
        } else {
          // back (WON_BACK, GROWING, ...): a later slip is a new win-back occasion
          state = state.withWinBackSent(Optional.empty());
        }
        s.attempt.putState(state);
      }
    }
    CustomerContext ctx = s.context();
    plan = plan.plus(triggers.greetingsDue(ctx, from, until));
    if (state.winBackSent().isPresent()) {
      plan =
          plan.plus(
              triggers.winBackFollowUp(
                  ctx, state.winBackSent().get(), s.history.lastPurchaseAt(until), until));
    }
    List<ServiceInteraction> open =
        s.interactions().stream().filter(ServiceInteraction::isOpen).toList();
    plan = plan.plus(triggers.overdueComplaints(ctx, open, until));
    plan = plan.plus(triggers.returnVisitDue(ctx, s.history.lastPurchaseAt(until), from, until));
    plan = escalateOverdueTasks(s, ctx, until, plan);
    TierOutcome retiered = reviewTier(s, s.history, until);
    if (retiered.changed()) {
      counts[1]++;
    }
    if (!plan.isEmpty()) {
      java.util.Set<String> knownActions = actionKeys(id);
      var knownTasks = new java.util.HashSet<String>();
      s.tasks().forEach(t -> knownTasks.add(t.idempotencyKey()));
      counts[2] +=
          (int)
              plan.actions().stream()
                  .filter(x -> !knownActions.contains(x.idempotencyKey()))
                  .count();
      counts[3] +=
          (int) plan.tasks().stream().filter(x -> !knownTasks.contains(x.idempotencyKey())).count();
      CarePlan care = plan;
      for (CarePlan.Goodwill g : care.goodwill()) {
        s.attempt.execute(
            Earn.of(
                    IdempotencyKey.of(g.idempotencyKey()),
                    id,
                    g.points(),
                    PostingContext.of(g.reason(), "care-engine")
                        .withRule(program.rule("care.birthday").toString()))
                .promotional()
                .withQualifying(BigDecimal.ZERO));
      }
      planTasks(s, care);
      // the keys read for the counts serve the write too: the care actions are read once
      s.attempt.alsoWrite(
          u -> writeCare(u, care, new java.util.HashMap<>(Map.of(id, knownActions))));
    }
    s.attempt.putState(s.state().withAdvancedUntil(until));
    Projection attributes =
        s.project(retiered.file().orElse(customer), s.history, s.interactions(), until);
    return new Decided<>(null, Optional.of(attributes));
  }

  /** The idempotency keys of a customer's stored care actions. */
  private java.util.Set<String> actionKeys(CustomerId id) {
    List<CareAction> stored = storage.careActions(id);
    java.util.Set<String> keys = new java.util.HashSet<>(stored.size() * 2);
    for (CareAction a : stored) {
      keys.add(a.idempotencyKey());
    }
    return keys;
  }

  /**
   * A tier review's result: the customer file with its new tier, if the stored tier differs, and
   * whether that is a tier change (not just the first tier assigned).
   */
  private record TierOutcome(Optional<Customer> file, boolean changed) {}

  /**
   * Reviews the tier inside a unit of work: the tier status (grace, floor) goes into the care
   * state; a changed tier is written to the customer file in the same unit.
   */
  private TierOutcome reviewTier(Snapshot s, ConsumptionHistory history, Instant now) {
    return reviewTier(s, history, now, Optional.empty());
  }

  /**
   * As {@link #reviewTier(Snapshot, ConsumptionHistory, Instant)}, a tier change giving {@code why}
   * as its reason when present (staff setting a manual tier). A manual tier that has ended at
   * {@code now} is cleared from the state.
   */
  private TierOutcome reviewTier(
      Snapshot s, ConsumptionHistory history, Instant now, Optional<String> why) {
    if (program.tiers().levels().isEmpty()) {
      return new TierOutcome(Optional.empty(), false);
    }
    CustomerId id = s.id();
    Customer stored = s.customer.value();
    CareState state = s.state();
    TierReview reviewed = tierReviewAt(s.attempt.ledger(), stored, history, state, now);
    TierReview review =
        why.isEmpty() || reviewed.change().isEmpty()
            ? reviewed
            : new TierReview(
                reviewed.status(),
                reviewed
                    .change()
                    .map(
                        c ->
                            new TierChanged(
                                c.customerId(), c.occurredAt(), c.from(), c.to(), why.get())));
    s.attempt.putState(
        state.withTier(
            state.manualTier().filter(m -> m.activeAt(now)), review.status().belowSince()));
    Optional<TierId> tier = Optional.of(review.status().current());
    if (!tier.equals(s.storedTier)) {
      Customer file = stored.withTier(tier);
      long version = s.customer.version();
      s.attempt.alsoWrite(u -> u.putCustomer(file, version));
      review
          .change()
          .ifPresent(
              c ->
                  s.emit(
                      c.from().map(TierId::name).orElse("NONE")
                          + "-"
                          + c.to().map(TierId::name).orElse("NONE")
                          + "/"
                          + c.occurredAt(),
                      c));
      LOG.debug("tier of {} now {}", id, tier);
      return new TierOutcome(Optional.of(file), review.change().isPresent());
    }
    return new TierOutcome(Optional.empty(), false);
  }

  /** The tier review of a customer at an instant, from their book, history and care state. */
  private TierReview tierReviewAt(
      Ledger book, Customer file, ConsumptionHistory history, CareState state, Instant now) {
    TierId current = file.tier().orElse(tiers.initial().current());
    Optional<ManualTier> manual = state.manualTier();
    Optional<ManualTier> active = manual.filter(m -> m.activeAt(now));
    if (active.isPresent() && active.get().mode() == ManualTier.Mode.FIXED) {
      // a fixed tier: exactly this tier until it ends, whatever the customer earns
      ManualTier m = active.get();
      TierId fixed = known(file.id(), m.tier());
      TierStatus held = new TierStatus(fixed, Optional.empty(), Optional.empty());
      return new TierReview(
          held,
          fixed.equals(current)
              ? Optional.empty()
              : Optional.of(
                  new TierChanged(
                      file.id(),
                      now,
                      Optional.of(current),
                      Optional.of(fixed),
                      "tier fixed at " + fixed + " until " + m.until())));
    }
    // a manual tier that has ended: the customer moves to what they earn at once, without the
    // grace period that protects an earned tier (the end date was the notice)
    Optional<Instant> belowSince =
        manual.isPresent() && active.isEmpty()
            ? Optional.of(manual.get().until().minus(program.tiers().gracePeriod()))
            : state.tierBelowSince();
    TierStatus status =
        new TierStatus(current, active.map(m -> known(file.id(), m.tier())), belowSince);
    long earned;
    // last year's figure counts only in calendar-year programs (the review ignores it otherwise)
    long previousYear = 0;
    boolean calendarYear = program.tiers().window() == TierRules.Window.CALENDAR_YEAR;
    Instant windowStart = tiers.windowStart(now);
    if (program.tiers().basis() == TierRules.Basis.SPEND) {
      earned = Math.max(0, history.spendBetween(windowStart, now.plusNanos(1)).minorUnits());
      if (calendarYear) {
        Instant previousStart = tiers.previousYearStart(now);
        previousYear = Math.max(0, history.spendBetween(previousStart, windowStart).minorUnits());
      }
    } else {
      earned = Math.max(0, book.qualifyingPoints(file.id(), windowStart, now.plusNanos(1)));
      if (calendarYear) {
        Instant previousStart = tiers.previousYearStart(now);
        previousYear = Math.max(0, book.qualifyingPoints(file.id(), previousStart, windowStart));
      }
    }
    TierReview review = tiers.review(file.id(), status, earned, previousYear, now);
    if (manual.isPresent() && review.change().isPresent()) {
      TierChanged c = review.change().get();
      String reason =
          active.isPresent()
              ? "tier floor " + active.get().tier() + " until " + active.get().until()
              : "manual "
                  + manual.get().mode().name().toLowerCase(java.util.Locale.ROOT)
                  + " tier "
                  + manual.get().tier()
                  + " ended "
                  + manual.get().until()
                  + "; "
                  + c.reason();
      review =
          new TierReview(
              review.status(),
              Optional.of(
                  new TierChanged(c.customerId(), c.occurredAt(), c.from(), c.to(), reason)));
    }
    return review;
  }

  /** How many candidate instants {@link #nextTierChange} reviews before it settles for one. */
  private static final int TIER_CANDIDATES = 64;

  /**
   * The instants at which a record leaving a rolling window may change the tier: when it leaves and
   * just after; those before {@code after} are left out (the review loop would skip them).
   */
  private static void addLeaving(List<Instant> candidates, Instant leaves, Instant after) {
    if (!leaves.isBefore(after)) {
      candidates.add(leaves);
    }
    Instant justAfter = leaves.plusNanos(1);
    if (!justAfter.isBefore(after)) {
      candidates.add(justAfter);
    }
  }

  /**
   * The first instant at or after {@code after} at which a tier review changes the customer's tier
   * or tier status, by time alone: the review's figures are constant between the instants where a
   * qualifying event leaves the window, a year starts or a grace period ends, so the first of those
   * whose review changes something is it (after {@value #TIER_CANDIDATES} unchanged candidates the
   * next one is answered, which is early, never late).
   */
  private Optional<Instant> nextTierChange(
      Ledger book, Customer file, ConsumptionHistory history, CareState state, Instant after) {
    TierRules rules = program.tiers();
    if (rules.levels().isEmpty()) {
      return Optional.empty();
    }
    Optional<ManualTier> manual = state.manualTier();
    if (manual.isEmpty()
        && file.tier().isPresent()
        && state.tierBelowSince().isEmpty()
        && rules.rank(file.tier().get()) == 0) {
      // at the lowest tier, not in grace: time alone only lowers the figures
      return Optional.empty();
    }
    // gathered in a list, sorted once below (duplicates and instants before after skipped there)
    List<Instant> candidates = new ArrayList<>();
    candidates.add(after);
    // a manual tier ends: the review then clears it (and the tier may change)
    manual.map(ManualTier::until).ifPresent(candidates::add);
    state.tierBelowSince().ifPresent(since -> candidates.add(since.plus(rules.gracePeriod())));
    if (rules.window() == TierRules.Window.ROLLING) {
      if (rules.basis() == TierRules.Basis.SPEND) {
        for (var r : history.records()) {
          addLeaving(candidates, r.at().plus(rules.rollingWindow()), after);
        }
      } else {
        for (Posting p : book.postingsOf(file.id())) {
          if (p.qualifying() != 0) {
            addLeaving(candidates, p.at().plus(rules.rollingWindow()), after);
          }
        }
      }
    } else {
      Instant thisYear = tiers.windowStart(after);
      for (int y = 1; y <= 2; y++) {
        candidates.add(
            thisYear
                .atZone(program.zone())
                .plusYears(y)
                .toLocalDate()
                .atStartOfDay(program.zone())
                .toInstant());
      }
    }
    candidates.sort(null);
    int reviewed = 0;
    Instant previous = null;
    for (Instant c : candidates) {
      if (c.isBefore(after) || c.equals(previous)) {
        continue;
      }
      previous = c;
      if (reviewed++ == TIER_CANDIDATES) {
        return Optional.of(c);
      }
      TierReview review = tierReviewAt(book, file, history, state, c);
      Instant at = c;
      boolean changed =
          !Optional.of(review.status().current()).equals(file.tier())
              || !manual.filter(m -> m.activeAt(at)).equals(manual)
              || !review.status().belowSince().equals(state.tierBelowSince());
      if (changed) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The projection of a customer whose stored state carries none (read from storage). */
  private Optional<Projection> readAttributes(CustomerId id) {
    Optional<Versioned<Customer>> c = storage.customer(id);
    if (c.isEmpty() || c.get().value().isErased()) {
      return Optional.empty();
    }
    return Optional.of(
        segments.projection(
            c.get().value(),
            history(id),
            storage.interactions(id),
            ledger.view(id),
            clock.instant()));
  }

  /**
   * Stores the plan's actions and tasks and writes the new actions to the outbox, in one unit. An
   * action planned again (its idempotency key already stored for the customer, e.g. a welcome after
   * the only purchase was returned) is not enqueued again: the stored care actions, kept for good,
   * make a care message go out once, not the outbox, which forgets delivered messages after its
   * retention. E-bills are keyed by their consumption record, which is unique, so they are never
   * looked up. Two commands planning the same new action at once enqueue one message id, which the
   * outbox keeps once.
   */
  private void writeCare(UnitOfWork u, CarePlan plan) {
    writeCare(u, plan, new java.util.HashMap<>());
  }

  /**
   * As {@link #writeCare(UnitOfWork, CarePlan)}, with the stored action keys of customers the
   * caller has read already ({@code stored} is filled for the others as they come).
   */
  private void writeCare(
      UnitOfWork u, CarePlan plan, Map<CustomerId, java.util.Set<String>> stored) {
    for (CareAction a : plan.actions()) {
      u.addCareAction(a);
      if (a.kind() != dev.care.core.care.CareActionKind.E_BILL
          && stored
              .computeIfAbsent(a.customerId(), this::actionKeys)
              .contains(a.idempotencyKey())) {
        continue;
      }
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("kind", a.kind().name());
      attributes.put("template", a.templateId());
      attributes.put("priority", a.priority().name());
      attributes.put("serviceLevel", a.targetLevel().name());
      program
          .template(a.templateId())
          .ifPresent(t -> attributes.put("text", t.render(a.variables())));
      u.enqueue(
          OutboxMessage.pending(
              "care/" + a.idempotencyKey(),
              a.kind() == dev.care.core.care.CareActionKind.E_BILL ? "e-bill" : "care-action",
              Optional.of(a.customerId()),
              Optional.of(a.channel()),
              attributes,
              a.due()));
    }
    for (CareTask t : plan.tasks()) {
      u.addCareTask(t);
    }
  }

  // ------------------------------------------------------------------ staff task queue

  /** The statuses of the tasks that wait for staff: what {@link #openTasks} lists. */
  private static final java.util.Set<dev.care.core.care.TaskStatus> UNFINISHED =
      java.util.EnumSet.of(
          dev.care.core.care.TaskStatus.OPEN, dev.care.core.care.TaskStatus.ASSIGNED);

  /** Most tasks one page of the queue holds. */
  public static final int MAX_TASK_PAGE = 1_000;

  /**
   * Notes the tasks a plan adds in the unit (for its due index) and publishes a {@link
   * dev.care.core.event.TaskPlanned} event for each one not stored before (a task planned again
   * under its key is not new).
   */
  private void planTasks(Snapshot s, CarePlan plan) {
    if (plan.tasks().isEmpty()) {
      return;
    }
    java.util.Set<String> known = new java.util.HashSet<>();
    s.tasks().forEach(t -> known.add(t.idempotencyKey()));
    Instant now = clock.instant();
    for (CareTask t : plan.tasks()) {
      if (known.add(t.idempotencyKey())) {
        s.emit(
            t.idempotencyKey(),
            new dev.care.core.event.TaskPlanned(
                s.id(), now, t.idempotencyKey(), t.kind(), t.priority(), t.targetLevel(), t.due()));
      }
    }
    s.noteTasks(plan.tasks(), false);
  }

  /** Writes a changed task in the unit (claiming the customer) and publishes the change. */
  private void changeTask(Snapshot s, CareTask before, CareTask after, Instant at) {
    s.attempt.claim(s.id());
    s.attempt.alsoWrite(u -> u.putCareTask(after));
    s.noteTasks(List.of(after), true);
    boolean escalation = after.escalatedAt().isPresent() && before.escalatedAt().isEmpty();
    s.emit(
        after.idempotencyKey() + "/" + (escalation ? "ESCALATED" : after.status().name()),
        new dev.care.core.event.TaskChanged(
            s.id(),
            at,
            after.idempotencyKey(),
            before.status(),
            after.status(),
            after.priority(),
            after.assignee(),
            escalation));
  }

  /**
   * The nightly run's overdue escalation: every unfinished task past its due time plus the
   * program's {@link CareSettings#escalateTasksAfter} and not escalated before has its priority
   * raised one step and is marked escalated (once: the mark is stored with the task), and for a
   * task that is not itself an escalation an {@code overdue-task} escalation is planned. Stored
   * tasks and the tasks the run is planning alike (a run after a long pause plans tasks already
   * overdue: they are written escalated), so no task is left due by the instant the run advanced
   * to. Inside the customer's unit of the run, so a restart between planning and escalation, a
   * repeated run or a second instance changes nothing: the stored mark and the care state's version
   * decide.
   *
   * @return the plan, its overdue new tasks escalated, with the escalations it adds
   */
  private CarePlan escalateOverdueTasks(
      Snapshot s, CustomerContext ctx, Instant until, CarePlan plan) {
    java.time.Duration grace = program.care().escalateTasksAfter();
    CarePlan added = CarePlan.empty();
    java.util.Set<String> stored = new java.util.HashSet<>();
    for (CareTask t : List.copyOf(s.tasks())) {
      stored.add(t.idempotencyKey());
      if (t.isOverdue(until, grace)) {
        changeTask(s, t, t.escalate(until), until);
        added = added.plus(triggers.overdueTask(ctx, t, until));
      }
    }
    List<CareTask> planned = new ArrayList<>();
    for (CareTask t : plan.tasks()) {
      if (!stored.contains(t.idempotencyKey()) && t.isOverdue(until, grace)) {
        planned.add(t.escalate(until));
        added = added.plus(triggers.overdueTask(ctx, t, until));
      } else {
        planned.add(t);
      }
    }
    // an overdue-task escalation is due at the run's instant: never overdue by it
    return new CarePlan(plan.actions(), planned, plan.goodwill(), plan.skipped()).plus(added);
  }

  /**
   * A staff member takes a task: {@code OPEN → ASSIGNED}. One unit of work on the task's customer
   * (so it conflicts with any other change to that customer's tasks, on any instance, and the loser
   * decides again on what the winner left); publishes a {@link dev.care.core.event.TaskChanged}
   * event. Assigning a task again to the same person changes nothing.
   *
   * @param task the task
   * @param assignee who takes it (1–300 characters)
   * @return the task as it now is
   * @throws dev.care.core.care.TaskTransitionException if the task is done, cancelled, or assigned
   *     to someone else (e.g. by another instance a moment before)
   * @throws UnknownTaskException if no such task is stored
   * @throws UnknownCustomerException if the customer is not registered
   */
  public CareTask assignTask(dev.care.core.care.TaskKey task, String assignee) {
    Objects.requireNonNull(assignee, "assignee");
    return taskCommand(CommandKind.ASSIGN_TASK, task, t -> t.assignTo(assignee));
  }

  /**
   * A task is done: {@code ASSIGNED → DONE}, with what came of it. As {@link #assignTask}; done
   * again with the same outcome changes nothing.
   *
   * @param task the task
   * @param outcome what came of it (1–300 characters)
   * @return the task as it now is
   * @throws dev.care.core.care.TaskTransitionException if the task is open (assign it first),
   *     cancelled, or done with another outcome
   * @throws UnknownTaskException if no such task is stored
   * @throws UnknownCustomerException if the customer is not registered
   */
  public CareTask completeTask(dev.care.core.care.TaskKey task, String outcome) {
    Objects.requireNonNull(outcome, "outcome");
    return taskCommand(CommandKind.COMPLETE_TASK, task, t -> t.complete(outcome));
  }

  /**
   * A task is dropped: {@code OPEN} or {@code ASSIGNED → CANCELLED}, with the reason. As {@link
   * #assignTask}; cancelled again with the same reason changes nothing.
   *
   * @param task the task
   * @param reason why (1–300 characters)
   * @return the task as it now is
   * @throws dev.care.core.care.TaskTransitionException if the task is done, or cancelled with
   *     another reason
   * @throws UnknownTaskException if no such task is stored
   * @throws UnknownCustomerException if the customer is not registered
   */
  public CareTask cancelTask(dev.care.core.care.TaskKey task, String reason) {
    Objects.requireNonNull(reason, "reason");
    return taskCommand(CommandKind.CANCEL_TASK, task, t -> t.cancel(reason));
  }

  private CareTask taskCommand(
      CommandKind kind,
      dev.care.core.care.TaskKey key,
      java.util.function.UnaryOperator<CareTask> move) {
    Objects.requireNonNull(key, "task");
    return observe(
        kind,
        o ->
            decide(
                o,
                key.customerId(),
                s -> {
                  CareTask before =
                      s.tasks().stream()
                          .filter(t -> t.idempotencyKey().equals(key.key()))
                          .findFirst()
                          .orElseThrow(() -> new UnknownTaskException(key));
                  CareTask after = move.apply(before);
                  if (after.equals(before)) {
                    o.duplicate();
                  } else {
                    changeTask(s, before, after, clock.instant());
                  }
                  return new Decided<>(after, Optional.<Projection>empty());
                }));
  }

  /**
   * The staff task queue: unfinished tasks (open or assigned) of every customer, most urgent first
   * (priority, then due time, then customer and key), one page at a time. Pass the page's {@link
   * dev.care.core.care.TaskPage#next()} to get the next: a cursor, not an offset, so tasks done or
   * added meanwhile neither repeat nor hide others. Answered from the storage's queue index; no
   * customer is visited.
   *
   * @param after where the previous page ended, or empty for the first page
   * @param limit most tasks on the page (1–{@value #MAX_TASK_PAGE})
   * @return the page
   */
  public dev.care.core.care.TaskPage openTasks(
      Optional<dev.care.core.care.TaskCursor> after, int limit) {
    return tasks(UNFINISHED, after, limit);
  }

  /**
   * As {@link #openTasks}, for tasks in any of the given statuses (e.g. {@code DONE} for a report
   * of finished work).
   *
   * @param statuses the statuses (at least one)
   * @param after where the previous page ended, or empty for the first page
   * @param limit most tasks on the page (1–{@value #MAX_TASK_PAGE})
   * @return the page
   */
  public dev.care.core.care.TaskPage tasks(
      java.util.Set<dev.care.core.care.TaskStatus> statuses,
      Optional<dev.care.core.care.TaskCursor> after,
      int limit) {
    Objects.requireNonNull(statuses, "statuses");
    Objects.requireNonNull(after, "after");
    if (limit < 1 || limit > MAX_TASK_PAGE) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_TASK_PAGE + ", got " + limit);
    }
    if (statuses.isEmpty()) {
      throw new IllegalArgumentException("statuses must name at least one task status");
    }
    // one more than asked tells whether a next page exists
    List<CareTask> read = storage.tasks(statuses, after, limit + 1);
    List<CareTask> page = read.size() > limit ? read.subList(0, limit) : read;
    Optional<dev.care.core.care.TaskCursor> next =
        read.size() > limit
            ? Optional.of(dev.care.core.care.TaskCursor.of(page.get(page.size() - 1)))
            : Optional.empty();
    return new dev.care.core.care.TaskPage(page, next);
  }

  /**
   * The service report of a period: how many care actions and staff tasks fell due in {@code [from,
   * to)}, per trigger and service level. Counted by the storage in one grouped query ({@link
   * CareStorage#serviceCounts}); no customer is visited.
   *
   * @param from start (inclusive)
   * @param to end (exclusive), after {@code from}
   * @return the report
   * @throws IllegalArgumentException if {@code to} is not after {@code from}
   */
  public ServiceReport serviceReport(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("to " + to + " must be after from " + from);
    }
    return new ServiceReport(from, to, storage.serviceCounts(from, to));
  }

  // ------------------------------------------------------------------ segments and campaigns

  /** Places the stored segment definitions (a definition the program no longer fits is skipped). */
  private void loadSegments() {
    for (Map.Entry<String, Versioned<String>> d : storage.segmentDefinitions().entrySet()) {
      try {
        segments.define(
            SegmentDefinition.parse(d.getKey(), d.getKey(), d.getValue().value()), clock.instant());
      } catch (RuntimeException invalid) {
        LOG.warn("stored segment {} is skipped: {}", d.getKey(), invalid.getMessage());
      }
    }
  }

  /**
   * Defines (or redefines) a segment in the text form, stores it, and keeps its membership current
   * from then on: every command re-reads the customer it changed and updates only the segments
   * reading a changed attribute; {@link #advanceTo} moves date-relative conditions and counts the
   * pending points that became available by then (no unit of work is needed for those). Members are
   * placed without events; later changes reach the builder's {@link CustomerSegmentListener}s.
   *
   * <p>Attributes read per customer: tier ({@code NONE} before the first), life-cycle stage,
   * customer type, available points, last purchase (recency), enrolment (tenure), frequency and net
   * spend over the whole history, satisfaction index (50 without interactions), open complaints,
   * tags (those that are segment names), consent per channel and birthday. RFM scores and P(alive)
   * read 0: the engine does not score them.
   *
   * @param id the segment id (letters, digits, {@code _ . -})
   * @param textDefinition e.g. {@code tier in (GOLD, PLATINUM) and recencyDays > 60}
   * @return the parsed definition
   * @throws dev.care.rules.segment.SegmentParseException if the text does not parse
   * @throws dev.care.rules.segment.InvalidSegmentException if it names a value the program does not
   *     declare (e.g. an unknown tier)
   */
  public SegmentDefinition defineSegment(String id, String textDefinition) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(textDefinition, "textDefinition");
    SegmentDefinition definition = SegmentDefinition.parse(id, id, textDefinition.strip());
    segments.validate(definition);
    long version =
        Optional.ofNullable(storage.segmentDefinitions().get(id))
            .map(Versioned::version)
            .orElse(0L);
    try (UnitOfWork u = storage.begin()) {
      u.putSegmentDefinition(id, textDefinition.strip(), version);
      u.commit();
    }
    segments.define(definition, clock.instant());
    return definition;
  }

  /**
   * The members of a segment now, in the order the engine first saw them.
   *
   * @param segmentId a defined segment
   * @return the members
   * @throws IllegalArgumentException if the segment is not defined
   */
  public List<CustomerId> segmentMembers(String segmentId) {
    segments.sync();
    return segments.members(SegmentId.of(segmentId));
  }

  /**
   * How many customers a segment holds now.
   *
   * @param segmentId a defined segment
   * @return the count
   * @throws IllegalArgumentException if the segment is not defined
   */
  public int segmentCount(String segmentId) {
    segments.sync();
    return segments.count(SegmentId.of(segmentId));
  }

  /**
   * Runs a campaign: the campaign's message (and voucher, if it carries an offer) to every member
   * of its segment, one unit of work per member, through the outbox like every care action — so the
   * dispatcher applies consent, quiet hours and frequency caps (deferring, never dropping). Members
   * with an open complaint (if the program suppresses marketing meanwhile) or without a consented
   * channel are counted and skipped. Idempotent per (campaign id, run key): the message is the care
   * action {@code campaign:ID:RUN:CUSTOMER}, written with its voucher, so a repeated run sends
   * nothing new and issues no second voucher, and an interrupted run completes when repeated.
   * Date-relative segments are first brought to the clock's date, so the members are today's even
   * if {@link #advanceTo} has not run yet.
   *
   * @param campaign the campaign; checked against the program first
   * @param runKey the run, e.g. {@code 2026-05}: 1–20 characters of {@code A-Z a-z 0-9 _ . : -}
   * @return what this call did
   * @throws IllegalArgumentException if the template is missing or uses a variable the campaign
   *     does not fill, the run key is malformed or the segment is not defined
   */
  public CampaignReport runCampaign(Campaign campaign, String runKey) {
    Objects.requireNonNull(campaign, "campaign");
    CampaignPlanner.checkRunKey(runKey);
    campaigns.check(campaign);
    Instant now = clock.instant();
    segments.advanceTo(now);
    List<CustomerId> members = segmentMembers(campaign.segmentId());
    int enqueued = 0;
    int already = 0;
    int noConsent = 0;
    int complaint = 0;
    int vouchers = 0;
    for (CustomerId id : members) {
      String key = CampaignPlanner.actionKey(campaign, runKey, id);
      // one unit per member that claims the member's care state: two instances running the same
      // campaign at once meet on it, and the later one re-reads and finds the message sent
      Optional<CampaignPlanner.Decision> decided =
          observe(CommandKind.CAMPAIGN, o -> campaignUnit(o, campaign, runKey, now, id, key));
      if (decided.isEmpty()) {
        already++;
      } else if (decided.get() instanceof CampaignPlanner.Suppressed s) {
        if (s.reason() == CampaignPlanner.Suppression.OPEN_COMPLAINT) {
          complaint++;
        } else {
          noConsent++;
        }
        LOG.debug("campaign {}: {}", campaign.id(), s.detail());
      } else if (decided.get() instanceof CampaignPlanner.Send send) {
        enqueued++;
        if (send.voucher().isPresent()) {
          vouchers++;
        }
      }
    }
    CampaignReport report =
        new CampaignReport(
            campaign.id(),
            runKey,
            members.size(),
            enqueued,
            already,
            noConsent,
            complaint,
            vouchers);
    LOG.debug("campaign run: {}", report);
    return report;
  }

  /** One member's unit of a campaign run: empty when the message was already sent. */
  private Optional<CampaignPlanner.Decision> campaignUnit(
      Observed o, Campaign campaign, String runKey, Instant now, CustomerId id, String key) {
    return decide(
        o,
        id,
        s -> {
          if (storage.careActions(id).stream().anyMatch(a -> a.idempotencyKey().equals(key))) {
            o.duplicate();
            return new Decided<Optional<CampaignPlanner.Decision>>(
                Optional.empty(), Optional.empty());
          }
          CampaignPlanner.Decision d =
              campaigns.plan(
                  campaign, runKey, s.context(), now, () -> freshCode(campaign, runKey, id));
          if (d instanceof CampaignPlanner.Send send) {
            s.attempt.claim(id);
            s.attempt.alsoWrite(
                u -> {
                  writeCare(
                      u, new CarePlan(List.of(send.action()), List.of(), List.of(), List.of()));
                  send.voucher().ifPresent(v -> u.putVoucher(v, 0));
                });
          } else if (d instanceof CampaignPlanner.Suppressed suppressed) {
            o.rejected(tag(suppressed.reason().name()));
          }
          return new Decided<>(Optional.of(d), Optional.empty());
        });
  }

  private String freshCode(Campaign campaign, String runKey, CustomerId customer) {
    for (int attempt = 0; attempt < 16; attempt++) {
      String code = voucherCodes.code(campaign.id(), runKey, customer, attempt);
      if (storage.voucher(code).isEmpty()) {
        return code;
      }
    }
    throw new IllegalStateException(
        "voucher code generator gave 16 codes already taken for campaign " + campaign.id());
  }

  /**
   * Redeems an e-voucher. Points are earned (promotional, not tier-qualifying) under the rule
   * {@code voucher:CAMPAIGN} with the idempotency key {@code voucher:CODE}; bonus value is credited
   * to the wallet's bonus bucket (a {@link dev.care.core.ledger.GrantBonus}, without expiry); a
   * percent-off voucher is only recorded — the till applies the discount. The voucher's update and
   * the ledger posting commit in one unit of work, and the voucher is written against the version
   * read, so of two racing redemptions (even on two engines sharing the storage) exactly one
   * commits.
   *
   * @param customer who presents it
   * @param code the code
   * @param reference what it is redeemed against (an order id), 1–200 characters
   * @return the redemption
   * @throws VoucherNotRedeemableException with the reason: unknown code, another customer's,
   *     already redeemed, expired
   */
  public VoucherRedemption redeemVoucher(CustomerId customer, String code, String reference) {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(reference, "reference");
    VoucherRedemption done =
        observe(CommandKind.VOUCHER, o -> voucherUnit(o, customer, code, reference));
    LOG.debug("voucher {} redeemed by {} against {}", code, customer, reference);
    return done;
  }

  private VoucherRedemption voucherUnit(
      Observed o, CustomerId customer, String code, String reference) {
    return decide(
        o,
        customer,
        s -> {
          Versioned<Voucher> stored =
              storage
                  .voucher(code)
                  .orElseThrow(() -> new VoucherNotRedeemableException(code, "unknown code"));
          Instant now = clock.instant();
          Voucher redeemed = stored.value().redeem(customer, now, reference);
          Optional<Command> credit = voucherCredit(redeemed);
          boolean repeat =
              credit.map(c -> s.attempt.ledger().transaction(c.key()).isPresent()).orElse(true);
          Optional<Outcome> outcome = credit.map(c -> o.verdict(s.attempt.execute(c)));
          CarePlan bill = CarePlan.empty();
          if (!repeat && outcome.get() instanceof Outcome.Posted posted) {
            VoucherValue value = redeemed.value();
            String amount =
                value instanceof VoucherValue.Points p
                    ? p.points() + " points"
                    : ((VoucherValue.BonusValue) value).amount().toString();
            bill =
                eBillAfter(
                    s,
                    "voucher/" + code,
                    amount,
                    "voucher " + code,
                    posted.posting().at(),
                    OptionalLong.empty(),
                    Optional.empty());
          }
          CarePlan care = bill;
          s.attempt.alsoWrite(
              u -> {
                u.putVoucher(redeemed, stored.version());
                writeCare(u, care);
              });
          return new Decided<>(
              new VoucherRedemption(redeemed, outcome),
              Optional.of(s.project(s.customer.value(), s.history, s.interactions(), now)));
        });
  }

  private Optional<Command> voucherCredit(Voucher v) {
    IdempotencyKey key = IdempotencyKey.of("voucher:" + v.code());
    // the same command whoever presents the code, so a racing redemption that catches up on the
    // journal finds its key taken by an identical command and then fails on the voucher's version;
    // what it was redeemed against is on the voucher
    PostingContext ctx =
        PostingContext.of("voucher " + v.code(), "care-engine")
            .withSourceRef(v.code())
            .withRule(program.rule("voucher:" + v.campaignId()).toString());
    VoucherValue value = v.value();
    if (value instanceof VoucherValue.Points p) {
      return Optional.of(
          Earn.of(key, v.customerId(), p.points(), ctx)
              .promotional()
              .withQualifying(BigDecimal.ZERO));
    } else if (value instanceof VoucherValue.BonusValue b) {
      return Optional.of(
          new dev.care.core.ledger.GrantBonus(
              key, v.customerId(), b.amount(), Optional.empty(), ctx));
    }
    return Optional.empty();
  }

  /**
   * The vouchers a campaign issued over all its runs: issued, redeemed, expired and active now, and
   * the value redeemed.
   *
   * @param campaignId the campaign
   * @return the report (all zero for a campaign that issued nothing)
   */
  public CampaignVoucherReport campaignReport(String campaignId) {
    Objects.requireNonNull(campaignId, "campaignId");
    return CampaignVoucherReport.of(
        campaignId, storage.campaignVouchers(campaignId), clock.instant(), program.currency());
  }

  /**
   * A customer's vouchers, redeemed or not.
   *
   * @param customer the holder
   * @return the vouchers, in the order issued
   * @throws UnknownCustomerException if the customer is not registered
   */
  public List<Voucher> vouchers(CustomerId customer) {
    existing(customer);
    return storage.vouchers(customer);
  }

  // ------------------------------------------------------------------ queries

  /**
   * A customer's points.
   *
   * @param customer the customer
   * @return the balance
   * @throws UnknownCustomerException if the customer is not registered
   */
  public PointsBalance points(CustomerId customer) {
    existing(customer);
    return ledger.points(customer);
  }

  /**
   * A customer's wallet in the program's currency.
   *
   * @param customer the customer
   * @return the balance
   * @throws UnknownCustomerException if the customer is not registered
   */
  public WalletBalance wallet(CustomerId customer) {
    existing(customer);
    return ledger.wallet(customer, program.currency());
  }

  /**
   * A customer's tier.
   *
   * @param customer the customer
   * @return the tier, if the program has tiers
   * @throws UnknownCustomerException if the customer is not registered
   */
  public Optional<TierId> tier(CustomerId customer) {
    return existing(customer).value().tier().map(t -> known(customer, t));
  }

  /**
   * A customer's life-cycle stage, inferred now from the consumption history.
   *
   * @param customer the customer
   * @return the stage
   * @throws UnknownCustomerException if the customer is not registered
   */
  public LifecycleStage stage(CustomerId customer) {
    Objects.requireNonNull(customer, "customer");
    // file and consumption at once (from the ledger's record cache when current)
    var record = ledger.record(customer);
    if (record.file().isEmpty()) {
      throw unknown(customer);
    }
    return lifecycle
        .infer(
            ConsumptionHistory.of(customer, program.currency(), record.consumption()),
            clock.instant())
        .stage();
  }

  /**
   * A customer's ledger history: every posting on their points or wallet, with its reason, source
   * and rule.
   *
   * @param customer the customer
   * @param includeWallet whether to include wallet movements
   * @return the postings, oldest first
   * @throws UnknownCustomerException if the customer is not registered
   */
  public List<Posting> history(CustomerId customer, boolean includeWallet) {
    existing(customer);
    return ledger.view(customer).postingsOf(customer).stream()
        .filter(
            p ->
                p.entries().stream()
                    .anyMatch(
                        e ->
                            e.account().owner().map(customer::equals).orElse(false)
                                && (includeWallet || e.account().asset().isPoints())))
        .toList();
  }

  /**
   * Care actions planned for a customer that are due after now.
   *
   * @param customer the customer
   * @return upcoming actions, soonest first
   * @throws UnknownCustomerException if the customer is not registered
   */
  public List<CareAction> upcomingCare(CustomerId customer) {
    existing(customer);
    Instant now = clock.instant();
    return storage.careActions(customer).stream()
        .filter(a -> a.due().isAfter(now))
        .sorted(java.util.Comparator.comparing(CareAction::due))
        .toList();
  }

  /**
   * Every care action planned for a customer.
   *
   * @param customer the customer
   * @return actions, in planning order
   * @throws UnknownCustomerException if the customer is not registered
   */
  public List<CareAction> careActions(CustomerId customer) {
    existing(customer);
    return storage.careActions(customer);
  }

  /**
   * Every staff task planned for a customer.
   *
   * @param customer the customer
   * @return tasks, in planning order
   * @throws UnknownCustomerException if the customer is not registered
   */
  public List<CareTask> careTasks(CustomerId customer) {
    existing(customer);
    return storage.careTasks(customer);
  }

  /**
   * The storage this engine runs on (for an {@code OutboxDispatcher}, reports).
   *
   * @return the storage
   */
  public CareStorage storage() {
    return storage;
  }

  /**
   * The program.
   *
   * @return the program
   */
  public LoyaltyProgram program() {
    return program;
  }

  /**
   * The durable ledger (liability reports, lots, holds).
   *
   * @return the ledger
   */
  public DurableLedger ledger() {
    return ledger;
  }
}
