package dev.care.examples;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.time.ManualClock;
import dev.care.core.voucher.Voucher;
import dev.care.core.voucher.VoucherStatus;
import dev.care.core.voucher.VoucherValue;
import dev.care.examples.sim.SalonSimulation;
import dev.care.examples.sim.SimEvent;
import dev.care.rules.campaign.Campaign;
import dev.care.rules.campaign.CampaignKind;
import dev.care.rules.campaign.CampaignReport;
import dev.care.rules.campaign.VoucherOffer;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.CareStorage;
import dev.care.storage.dispatch.DispatchReport;
import dev.care.storage.dispatch.OutboxDispatcher;
import dev.care.storage.dispatch.OutboxRetention;
import dev.care.storage.jdbc.PostgresStorage;
import dev.care.storage.memory.InMemoryStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code demo} command: a beauty salon's members over months of simulated time, run through
 * {@link CareEngine} on the in-memory store with the example JSON program, then a console summary
 * and, with {@code --report FILE.html}, a self-contained HTML report.
 *
 * <p>Options: {@code --members N} (default 5000), {@code --months N} (12), {@code --seed N} (42),
 * {@code --report FILE}, {@code --jdbc-url URL} to run on PostgreSQL instead of the in-memory store
 * (with {@code --jdbc-user} and {@code --jdbc-password}, defaults from {@code PGUSER} and {@code
 * PGPASSWORD} or {@code postgres}, and {@code --jdbc-schema}, default {@code care_demo}, which must
 * not hold an earlier run), and {@code --threads N}: how many threads apply the members' events
 * (default {@link #IN_MEMORY_THREADS} in memory, 4 on PostgreSQL; 1 applies them one after
 * another). Deterministic for a given seed, whatever the number of threads.
 *
 * <p>The events between two of the loop's 8-hour ticks are applied in parallel by {@link
 * EventWorkers}, split by {@link MemberGroups member group} (a member and those she referred), each
 * group's in order; the nightly run, the staff and the month ends stay barriers between those
 * windows, as in a sequential run, and the dispatcher's run at a tick goes on beside the window's
 * events, which write only messages due after it ({@link Dispatching}). A complaint's closing and a
 * survey answer may take goodwill points from the programme's monthly budget, which all members
 * share (first come, first served), so they are applied on the coordinating thread, alone and in
 * time order, after every earlier event of the window and before every later one: the figures are
 * the sequential run's. The month end's and the closing figures' per-member reads and the staff's
 * tasks of a page run on the same threads, member by member, and are added up in the members'
 * order.
 */
final class Demo {
  private static final LocalDate START = LocalDate.of(2026, 1, 1);

  /** Segments kept current by the engine while the simulation runs (text form). */
  static final Map<String, String> SEGMENTS = new java.util.LinkedHashMap<>();

  static {
    SEGMENTS.put("vip", "tier in (GOLD, PLATINUM)");
    SEGMENTS.put("vip-at-risk", "tier in (GOLD, PLATINUM) and recencyDays > 45");
    SEGMENTS.put("slipping", "lifecycleStage in (DECLINING, LAPSED)");
    SEGMENTS.put("complaint-open", "openComplaints > 0");
    SEGMENTS.put("birthday-this-week", "birthdayWithin 7 days");
  }

  /** In September, the VIPs who have not been in for 45 days get a 500-point e-voucher. */
  static final Campaign VIP_COMEBACK =
      new Campaign(
          "vip-comeback",
          CampaignKind.E_VOUCHER,
          "vip-at-risk",
          "e-voucher",
          dev.care.core.customer.Channel.EMAIL,
          Optional.of(new VoucherOffer(new VoucherValue.Points(500), Duration.ofDays(45))));

  private static final YearMonth CAMPAIGN_MONTH = YearMonth.of(2026, 9);

  /**
   * The event threads in memory unless {@code --threads} says otherwise: the cores less one, at
   * least 1 and at most 2. In memory the events are CPU work, and a run of a few seconds shares the
   * machine with the JIT compiler and the garbage collector, which need a core of their own (on 2
   * cores one event thread finished the default demo in 13.5 s, two in 14.5 s); the store's lock
   * serialises the commits, so more than two gain nothing.
   */
  static final int IN_MEMORY_THREADS =
      Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors() - 1));

  static final String USAGE =
      "usage: java -jar care-examples.jar demo [--members N (1-1000000, default 5000)]"
          + " [--months N (1-120, default 12)] [--seed N] [--report FILE.html]"
          + " [--jdbc-url URL [--jdbc-user U] [--jdbc-password P] [--jdbc-schema S]]"
          + " [--threads N (1-64, default the cores less one, 1-2, in memory; 4 on PostgreSQL)]";

  /** Largest accepted --members. */
  static final int MAX_MEMBERS = 1_000_000;

  /** Largest accepted --months. */
  static final int MAX_MONTHS = 120;

  /** Largest accepted --threads. */
  static final int MAX_THREADS = 64;

  private static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private static int number(String option, String v, int min, int max) throws UsageException {
    int n;
    try {
      n = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new UsageException(
          option + " needs a whole number from " + min + " to " + max + ", got '" + v + "'");
    }
    if (n < min || n > max) {
      throw new UsageException(option + " must be from " + min + " to " + max + ", got " + n);
    }
    return n;
  }

  /** A change a test makes to the example program's JSON text (none: the identity). */
  private final java.util.function.UnaryOperator<String> programEdit;

  /** The order in which each batch's member groups are handed to the event threads. */
  private final EventWorkers.GroupOrder groupOrder;

  /** The demo as {@code java -jar care-examples.jar demo} runs it. */
  Demo() {
    this(java.util.function.UnaryOperator.identity(), EventWorkers.GroupOrder.FIRST_EVENT);
  }

  /**
   * A demo for tests: with the example program's text edited (a tighter budget, say), and the
   * member groups handed out in another order.
   *
   * @param programEdit applied to the example program's JSON text before it is loaded
   * @param groupOrder the order in which each batch's member groups are applied
   */
  Demo(java.util.function.UnaryOperator<String> programEdit, EventWorkers.GroupOrder groupOrder) {
    this.programEdit = java.util.Objects.requireNonNull(programEdit, "programEdit");
    this.groupOrder = java.util.Objects.requireNonNull(groupOrder, "groupOrder");
  }

  int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.console() != null && err == System.err);
  }

  int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
    int members = 5000;
    int months = 12;
    long seed = 42;
    Optional<Path> report = Optional.empty();
    Optional<String> jdbcUrl = Optional.empty();
    String jdbcUser = System.getenv().getOrDefault("PGUSER", "postgres");
    String jdbcPassword = System.getenv().getOrDefault("PGPASSWORD", "postgres");
    String jdbcSchema = "care_demo";
    Optional<Integer> threads = Optional.empty();
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(USAGE);
      out.println("Simulates a beauty salon's members through CareEngine; see README.");
      return 0;
    }
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (!List.of(
                "--members",
                "--months",
                "--seed",
                "--report",
                "--jdbc-url",
                "--jdbc-user",
                "--jdbc-password",
                "--jdbc-schema",
                "--threads")
            .contains(a)) {
          throw new UsageException("unknown option '" + a + "'");
        }
        if (i + 1 >= args.length) {
          throw new UsageException("option " + a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--members" -> members = number(a, v, 1, MAX_MEMBERS);
          case "--months" -> months = number(a, v, 1, MAX_MONTHS);
          case "--threads" -> threads = Optional.of(number(a, v, 1, MAX_THREADS));
          case "--seed" -> {
            try {
              seed = Long.parseLong(v.strip());
            } catch (NumberFormatException e) {
              throw new UsageException("--seed needs a whole number, got '" + v + "'");
            }
          }
          case "--report" -> {
            try {
              report = Optional.of(Path.of(v));
            } catch (java.nio.file.InvalidPathException e) {
              throw new UsageException("--report is not a valid path: '" + v + "'");
            }
          }
          case "--jdbc-url" -> jdbcUrl = Optional.of(v);
          case "--jdbc-user" -> jdbcUser = v;
          case "--jdbc-password" -> jdbcPassword = v;
          default -> jdbcSchema = v;
        }
      }
      Optional<String> unwritable = OutputPaths.problem("--report", report.orElse(null));
      if (unwritable.isPresent()) {
        throw new UsageException(unwritable.get());
      }
    } catch (UsageException e) {
      err.println("demo: " + e.getMessage() + " (--help for usage)");
      return 2;
    }
    LoyaltyProgram program;
    try (InputStream in =
        Demo.class.getResourceAsStream("/dev/care/rules/program/salon-program.json")) {
      program =
          new ProgramLoader()
              .load(programEdit.apply(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      err.println("cannot read the example program: " + e.getMessage());
      return 1;
    }
    SalonSimulation sim = new SalonSimulation(seed, members, months, START);
    List<SimEvent> events = sim.events();
    // on PostgreSQL the threads mostly wait on the database
    int workers = threads.orElse(jdbcUrl.isPresent() ? 4 : IN_MEMORY_THREADS);
    CareStorage storage;
    if (jdbcUrl.isPresent()) {
      try {
        storage =
            PostgresStorage.builder(jdbcUrl.get(), jdbcUser, jdbcPassword)
                .schema(jdbcSchema)
                // a connection for each event thread (or nightly thread) and the dispatcher
                .maximumPoolSize(Math.max(10, workers + 1))
                .build();
      } catch (RuntimeException e) {
        err.println(
            "demo: cannot open PostgreSQL at "
                + jdbcUrl.get()
                + ": "
                + ConnectionFailure.explain(e, jdbcUser));
        return 1;
      }
      if (!storage.customerIds(Optional.empty(), 1).isEmpty()
          || !storage.careStates(Optional.empty(), 1).isEmpty()) {
        err.println(
            "schema "
                + jdbcSchema
                + " already holds a demo run; pass --jdbc-schema NAME for a fresh one");
        closeQuietly(storage);
        return 1;
      }
    } else {
      storage = new InMemoryStorage();
    }
    try (EventWorkers pool = new EventWorkers(workers, MemberGroups.of(events), groupOrder)) {
      return simulate(
          out,
          err,
          new Progress(err, terminal),
          program,
          sim,
          events,
          storage,
          members,
          months,
          seed,
          pool,
          report,
          jdbcUrl);
    } finally {
      closeQuietly(storage);
    }
  }

  private static void closeQuietly(CareStorage storage) {
    if (storage instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // the run is over; a failing close changes nothing it reported
      }
    }
  }

  private int simulate(
      PrintStream out,
      PrintStream err,
      Progress progress,
      LoyaltyProgram program,
      SalonSimulation sim,
      List<SimEvent> events,
      CareStorage storage,
      int members,
      int months,
      long seed,
      EventWorkers pool,
      Optional<Path> report,
      Optional<String> jdbcUrl) {
    ManualClock clock = ManualClock.at(sim.startInstant());
    EventClock eventClock = new EventClock(clock);
    CareEngine engine =
        CareEngine.builder()
            .program(program)
            .storage(storage)
            .clock(eventClock)
            // on PostgreSQL each customer's nightly unit waits mostly on the database: advance
            // several at once (each is its own unit, so the figures do not change); in memory two
            // were tried twice and gained nothing (GC and the JIT already use the second core)
            .nightlyParallelism(jdbcUrl.isPresent() ? 4 : 1)
            // survey reply tokens derived from the seed, so a run is the same to the last byte
            .surveyTokens(
                dev.care.rules.engine.SurveyTokens.keyed(
                    ("care-demo-survey-tokens-" + seed).getBytes(StandardCharsets.UTF_8)))
            .build();
    SEGMENTS.forEach(engine::defineSegment);
    Stats stats = new Stats();
    // the dispatcher keeps its own clock: its runs overlap the events after them (Dispatching)
    ManualClock dispatchClock = ManualClock.at(sim.startInstant());
    OutboxDispatcher dispatcher =
        new OutboxDispatcher(
            storage,
            List.of(
                new DiscardingChannel(dev.care.core.customer.Channel.SMS),
                new DiscardingChannel(dev.care.core.customer.Channel.EMAIL)),
            // care events (tier and stage changes...) decoded for a typed listener; the ledger's
            // own events pass on to the bus
            dev.care.rules.engine.CareEvents.publisher(
                new dev.care.rules.engine.CareEventListener() {
                  @Override
                  public void onEvent(String messageId, dev.care.core.event.CareEvent event) {
                    stats.careEvents++;
                  }
                },
                e -> stats.published++),
            engine.dispatchPolicy(),
            dispatchClock,
            // delivered messages are purged after 30 days, so a long run's heap stays bounded
            OutboxRetention.defaults());
    List<CustomerId> ids = new ArrayList<>();
    Set<CustomerId> voucherHolders = new HashSet<>();
    Surveys surveys = new Surveys(engine, sim, clock, stats);
    Staff staff = new Staff(engine, seed, members);
    long tick = 0;
    // the dispatcher runs three times a day (so every time zone gets a daytime slot); the nightly
    // jobs (advanceTo) once a week
    Instant nextTick = sim.startInstant().plus(Duration.ofHours(8));
    Instant nextAdvance = sim.startInstant().plus(Duration.ofDays(7));
    YearMonth month = YearMonth.from(START);
    long t0 = System.nanoTime();
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu0 = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    out.printf(
        Locale.ROOT,
        "care demo: %s of a beauty salon, %s, seed %d, on %s%n",
        Fmt.count(members, "member"),
        Fmt.count(months, "month"),
        seed,
        jdbcUrl.map(u -> "PostgreSQL " + u).orElse("the in-memory store"));
    Optional<CampaignReport> campaign = Optional.empty();
    Phases phases = new Phases();
    DemoFigures figures;
    double seconds;
    try (Dispatching dispatching = new Dispatching(dispatcher, dispatchClock, stats)) {
      Batch batch =
          new Batch(
              pool,
              eventClock,
              clock,
              progress,
              events.size(),
              e -> apply(engine, e, voucherHolders, surveys));
      for (SimEvent e : events) {
        while (!e.at().isBefore(nextTick)) {
          phases.start();
          batch.flush();
          surveys.answerBefore(nextTick, dispatching);
          phases.stop(Phase.EVENTS);
          dispatching.finish(); // the previous tick's run, where the events did not cover it
          phases.stop(Phase.DISPATCHER);
          clock.set(nextTick);
          if (!nextTick.isBefore(nextAdvance)) {
            engine.advanceTo(nextTick);
            nextAdvance = nextAdvance.plus(Duration.ofDays(7));
            phases.stop(Phase.NIGHTLY);
          }
          dispatching.start(nextTick);
          if (++tick % 3 == 1) {
            // the morning slot: staff take the day's due tasks, after the run (a task they change
            // writes a care event due now, which the run would otherwise take or leave by chance)
            dispatching.finish();
            phases.stop(Phase.DISPATCHER);
            staff.workDay(nextTick, pool);
            phases.stop(Phase.STAFF);
          }
          YearMonth now = DemoFigures.utcMonth(nextTick);
          if (!now.equals(month)) {
            dispatching.finish(); // a campaign writes messages due now
            phases.stop(Phase.DISPATCHER);
            stats.snapshot(month, engine, storage, ids, clock.instant(), pool);
            month = now;
            if (month.equals(CAMPAIGN_MONTH)) {
              campaign = Optional.of(engine.runCampaign(VIP_COMEBACK, month.toString()));
              for (Voucher v : storage.campaignVouchers(VIP_COMEBACK.id())) {
                voucherHolders.add(v.customerId());
              }
            }
            phases.stop(Phase.MONTH_ENDS);
          }
          nextTick = nextTick.plus(Duration.ofHours(8));
        }
        phases.start();
        // a complaint's closing and a survey answer may take from the goodwill budget all members
        // share: alone, in time order, after everything before them
        boolean shared = e instanceof SimEvent.ComplaintClosed;
        if (shared || surveys.answerDueBefore(e.at())) {
          batch.flush();
          surveys.answerBefore(e.at(), dispatching);
        }
        dispatching.finishIfAt(e.at());
        if (e instanceof SimEvent.Joined j) {
          surveys.joined(j.customer());
          ids.add(j.customer().id());
        }
        if (shared) {
          batch.applyAlone(e);
        } else {
          batch.add(e);
        }
        phases.stop(Phase.EVENTS);
      }
      phases.start();
      batch.flush();
      surveys.answerBefore(sim.end(), dispatching);
      clock.set(sim.end());
      phases.stop(Phase.EVENTS);
      dispatching.finish();
      phases.stop(Phase.DISPATCHER);
      engine.advanceTo(sim.end());
      phases.stop(Phase.NIGHTLY);
      dispatching.start(sim.end());
      dispatching.finish();
      phases.stop(Phase.DISPATCHER);
    }
    stats.snapshot(month, engine, storage, ids, clock.instant(), pool);
    phases.stop(Phase.MONTH_ENDS);
    progress.done(events.size());
    seconds = (System.nanoTime() - t0) / 1e9;
    figures = DemoFigures.collect(engine, storage, ids, stats, campaign, pool);
    figures.months = months;
    figures.seed = seed;
    figures.events = events.size();
    figures.seconds = seconds;
    figures.threads = pool.threads();
    // on a shared machine the wall time says little: the run's own CPU time is comparable
    figures.cpuSeconds =
        threads.isCurrentThreadCpuTimeSupported()
            ? Optional.of((threads.getCurrentThreadCpuTime() - cpu0) / 1e9)
            : Optional.empty();
    figures.store = jdbcUrl.map(u -> "PostgreSQL").orElse("the in-memory store");
    figures.phases = phases.summary();
    DemoConsole.print(out, figures);
    if (report.isPresent()) {
      try {
        Files.writeString(report.get(), DemoReport.render(figures, stats), StandardCharsets.UTF_8);
        out.println("report written to " + report.get().toAbsolutePath());
      } catch (IOException ex) {
        err.println("cannot write the report: " + ex.getMessage());
        return 1;
      }
    }
    return 0;
  }

  /**
   * Applies one event through the engine (on any of the event threads; a complaint's closing, which
   * plans the survey, on the coordinating thread only). The demo's own bookkeeping of a new member
   * (her id, her consent) is the coordinating thread's, in the events' order.
   */
  private static void apply(
      CareEngine engine, SimEvent e, Set<CustomerId> voucherHolders, Surveys surveys) {
    if (e instanceof SimEvent.Joined j) {
      if (j.referrer().isEmpty()) {
        engine.register(j.customer());
      } else {
        // the engine keeps the referrer and rewards both on the friend's first qualifying purchase
        engine.register(j.customer(), CustomerId.of(j.referrer()));
      }
    } else if (e instanceof SimEvent.Bought b) {
      engine.recordPurchase(b.purchase());
      // a member holding an active e-voucher shows it at the till (only the campaign's members
      // hold one: the others are not asked, which on PostgreSQL saves a query per visit)
      if (voucherHolders.contains(b.purchase().customerId())) {
        for (Voucher v : engine.vouchers(b.purchase().customerId())) {
          if (v.statusAt(b.at()) == VoucherStatus.ACTIVE) {
            engine.redeemVoucher(v.customerId(), v.code(), b.purchase().recordId());
          }
        }
      }
      if (b.pointsToRedeem() > 0) {
        engine.redeem(
            IdempotencyKey.of("redeem/" + b.purchase().recordId()),
            b.purchase().customerId(),
            b.pointsToRedeem(),
            "reward: treatment voucher");
      }
    } else if (e instanceof SimEvent.Returned r) {
      engine.recordReturn(r.ret());
    } else if (e instanceof SimEvent.ToppedUp t) {
      engine.topUp(IdempotencyKey.of(t.topUpId()), CustomerId.of(t.member()), t.amount());
    } else if (e instanceof SimEvent.Spent sp) {
      engine.spend(
          IdempotencyKey.of(sp.spendId()), CustomerId.of(sp.member()), sp.amount(), "treatment");
    } else if (e instanceof SimEvent.ComplaintOpened c) {
      engine.recordInteraction(c.interaction());
      surveys.stats.interacted.add(c.interaction().customerId());
    } else if (e instanceof SimEvent.ComplaintClosed c) {
      surveys.planned(c.interaction(), engine.recordInteraction(c.interaction()));
    }
  }

  /**
   * The events collected for the next parallel application, and the coordinating thread's way to
   * apply one event alone: the shared clock then moves to the event's instant, as it did for every
   * event in a sequential run (and after a batch, to its last event's).
   */
  private static final class Batch {
    private final EventWorkers workers;
    private final EventClock eventClock;
    private final ManualClock clock;
    private final Progress progress;
    private final int total;
    private final java.util.function.Consumer<SimEvent> action;
    private final List<SimEvent> pending = new ArrayList<>();
    private int done;

    Batch(
        EventWorkers workers,
        EventClock eventClock,
        ManualClock clock,
        Progress progress,
        int total,
        java.util.function.Consumer<SimEvent> action) {
      this.workers = workers;
      this.eventClock = eventClock;
      this.clock = clock;
      this.progress = progress;
      this.total = total;
      this.action = action;
    }

    void add(SimEvent e) {
      pending.add(e);
    }

    /** Applies the collected events (each member group's in order, the groups in parallel). */
    void flush() {
      if (pending.isEmpty()) {
        return;
      }
      workers.apply(pending, eventClock, action);
      moveClockTo(pending.get(pending.size() - 1).at());
      done += pending.size();
      pending.clear();
      progress.update(done, total);
    }

    /** Applies one event on this thread, after the collected ones (flushed first). */
    void applyAlone(SimEvent e) {
      flush();
      moveClockTo(e.at());
      action.accept(e);
      progress.update(++done, total);
    }

    private void moveClockTo(Instant at) {
      if (at.isAfter(clock.instant())) {
        clock.set(at);
      }
    }
  }

  /**
   * The members' answers to their satisfaction surveys: when the engine plans a survey after a
   * complaint or repair, the simulation draws whether and when the member answers; the answer is
   * recorded at that time with the survey's reply token (from the planned care action), or as a
   * reply to the SMS.
   */
  private static final class Surveys {
    private final CareEngine engine;
    private final SalonSimulation sim;
    private final ManualClock clock;
    private final Stats stats;
    private final Map<CustomerId, dev.care.core.customer.Consent> consent = new HashMap<>();
    private final java.util.PriorityQueue<Pending> pending =
        new java.util.PriorityQueue<>(
            java.util.Comparator.comparing((Pending p) -> p.answer().at())
                .thenComparingLong(Pending::order));
    private long order;

    /** An answer to come, with the survey it answers. */
    private record Pending(
        SimEvent.SurveyAnswered answer, String token, String surveyKey, long order) {}

    Surveys(CareEngine engine, SalonSimulation sim, ManualClock clock, Stats stats) {
      this.engine = engine;
      this.sim = sim;
      this.clock = clock;
      this.stats = stats;
    }

    void joined(dev.care.core.customer.Customer c) {
      consent.put(c.id(), c.profile().consent());
    }

    /** The care planned when an interaction closed: its survey, if any, may be answered. */
    void planned(
        dev.care.core.satisfaction.ServiceInteraction closed,
        dev.care.rules.trigger.CarePlan plan) {
      stats.interacted.add(closed.customerId());
      for (dev.care.core.care.CareAction a : plan.actions()) {
        if (a.kind() != dev.care.core.care.CareActionKind.SATISFACTION_SURVEY) {
          continue;
        }
        stats.surveysPlanned++;
        var allowed = consent.get(a.customerId());
        if (allowed == null || !allowed.permits(a.channel())) {
          continue; // not sent: she cannot answer
        }
        stats.surveysSent++;
        String token = a.variables().get("surveyToken");
        sim.surveyAnswer(closed, a.due(), a.channel())
            .ifPresent(
                answer -> pending.add(new Pending(answer, token, a.idempotencyKey(), order++)));
      }
    }

    /** Whether an answer comes in before the given instant. */
    boolean answerDueBefore(Instant limit) {
      return !pending.isEmpty() && pending.peek().answer().at().isBefore(limit);
    }

    /**
     * Records the answers that come in before the given instant, each at its time (after the
     * dispatcher's run at that time, if one is going on).
     */
    void answerBefore(Instant limit, Dispatching dispatching) {
      while (!pending.isEmpty() && pending.peek().answer().at().isBefore(limit)) {
        Pending p = pending.poll();
        SimEvent.SurveyAnswered a = p.answer();
        dispatching.finishIfAt(a.at());
        if (a.at().isAfter(clock.instant())) {
          clock.set(a.at());
        }
        if (a.bySms()) {
          engine.recordReply(
              new dev.care.rules.engine.InboundReply(
                  "sms/" + a.interactionId(),
                  a.member(),
                  dev.care.core.customer.Channel.SMS,
                  clock.instant(),
                  Optional.of(p.surveyKey()),
                  a.factors()));
        } else {
          engine.recordFeedback(p.token(), new dev.care.rules.engine.FeedbackAnswers(a.factors()));
        }
      }
    }
  }

  /**
   * The salon's two staff working the care-task queue once a day: each has a capacity for the day
   * (drawn from the seed, some days none), takes the due tasks most urgent first through {@link
   * CareEngine#openTasks}, assigns and completes them. What they cannot take stays open, and the
   * nightly run escalates it once it is overdue.
   */
  static final class Staff {
    /** Who works the queue. */
    static final List<String> NAMES = List.of("Anna", "Jonas");

    /** Members per task one person completes on an average day (5,000 members: 20 a day). */
    static final int MEMBERS_PER_TASK = 250;

    /** Pages of the queue staff look through in a day (tasks not yet due are passed over). */
    private static final int PAGES = 4;

    private final CareEngine engine;
    private final long seed;
    private final int usual;
    private long day;

    Staff(CareEngine engine, long seed, int members) {
      this.engine = engine;
      this.seed = seed;
      this.usual = Math.max(1, members / MEMBERS_PER_TASK);
    }

    /**
     * The day's work: the tasks each takes are chosen page by page, in the queue's order, as the
     * day's capacity allows; a page's chosen tasks are then worked member by member on the demo's
     * threads (each member's in the page's order), before the next page is read.
     */
    void workDay(Instant now, EventWorkers threads) {
      java.util.SplittableRandom r = new java.util.SplittableRandom(seed * 7_919L + day++);
      int[] left = new int[NAMES.size()];
      int capacity = 0;
      for (int i = 0; i < left.length; i++) {
        // from none (a day off) to twice the usual
        left[i] = r.nextInt(2 * usual + 1);
        capacity += left[i];
      }
      int who = 0;
      Optional<dev.care.core.care.TaskCursor> after = Optional.empty();
      for (int page = 0; page < PAGES && capacity > 0; page++) {
        dev.care.core.care.TaskPage tasks = engine.openTasks(after, 50);
        Map<CustomerId, List<Map.Entry<dev.care.core.care.TaskKey, String>>> chosen =
            new java.util.LinkedHashMap<>();
        for (dev.care.core.care.CareTask t : tasks.tasks()) {
          if (capacity == 0) {
            break;
          }
          if (t.due().isAfter(now)) {
            continue;
          }
          while (left[who] == 0) {
            who = (who + 1) % left.length;
          }
          chosen
              .computeIfAbsent(t.customerId(), c -> new ArrayList<>())
              .add(Map.entry(t.taskKey(), NAMES.get(who)));
          left[who]--;
          capacity--;
          who = (who + 1) % left.length;
        }
        threads.map(
            List.copyOf(chosen.keySet()),
            member -> {
              for (Map.Entry<dev.care.core.care.TaskKey, String> task : chosen.get(member)) {
                engine.assignTask(task.getKey(), task.getValue());
                engine.completeTask(task.getKey(), "done by " + task.getValue());
              }
              return member;
            });
        after = tasks.next();
        if (after.isEmpty()) {
          break;
        }
      }
    }
  }

  /** Monthly figures for the report. */
  static final class Stats {
    final TreeMap<YearMonth, Map<LifecycleStage, Integer>> stages = new TreeMap<>();
    final TreeMap<YearMonth, Long> pointsLiability = new TreeMap<>();

    /** Wallet liability (paid and bonus value not yet spent) at each month end, minor units. */
    final TreeMap<YearMonth, Long> walletLiability = new TreeMap<>();

    final TreeMap<YearMonth, Map<String, Integer>> segments = new TreeMap<>();

    /**
     * Mean satisfaction index at each month end of the members with one, and how many had one
     * (computed from the interactions the store holds, as the engine computes it).
     */
    final TreeMap<YearMonth, Double> meanIndex = new TreeMap<>();

    final TreeMap<YearMonth, Integer> withIndex = new TreeMap<>();

    /**
     * Members with a complaint, repair or answered survey so far (the others have no index): added
     * to by the event threads.
     */
    final Set<CustomerId> interacted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Satisfaction surveys the engine planned, and those on a channel the member allows. */
    long surveysPlanned;

    long surveysSent;

    /**
     * Dispatcher totals, counted as they happen: delivered messages are purged after the retention,
     * so the outbox no longer holds them all at the end.
     */
    long delivered;

    long published;
    long careEvents;
    long suppressed;

    void dispatched(DispatchReport report) {
      delivered += report.delivered();
      suppressed += report.suppressed();
    }

    /** One member's figures at a month end. */
    private record MemberMonth(
        LifecycleStage stage, long points, long wallet, Optional<Double> index) {}

    /**
     * The month's figures: each member's read on the demo's threads (they are independent reads),
     * then added up here in the members' order, so the mean index is the sequential run's to the
     * last bit.
     */
    void snapshot(
        YearMonth month,
        CareEngine engine,
        CareStorage storage,
        List<CustomerId> ids,
        Instant now,
        EventWorkers workers) {
      var policy = dev.care.core.satisfaction.SatisfactionIndexPolicy.defaults();
      var catalogue = dev.care.core.satisfaction.FactorCatalogue.defaults();
      // each member's balances from the engine's cached ledger (rebuilding every member's journal
      // into one view each month cost as much as a tenth of the in-memory run)
      List<MemberMonth> figures =
          workers.map(
              ids,
              id -> {
                var w = engine.ledger().wallet(id, engine.program().currency());
                return new MemberMonth(
                    engine.stage(id),
                    engine.ledger().points(id).posted(),
                    w.paid().minorUnits() + w.bonus().minorUnits(),
                    interacted.contains(id)
                        ? policy
                            .compute(storage.interactions(id), catalogue, now)
                            .map(i -> i.value())
                        : Optional.empty());
              });
      Map<LifecycleStage, Integer> counts = new EnumMap<>(LifecycleStage.class);
      long points = 0;
      long wallet = 0;
      double sum = 0;
      int n = 0;
      for (MemberMonth m : figures) {
        counts.merge(m.stage(), 1, Integer::sum);
        points += m.points();
        wallet += m.wallet();
        if (m.index().isPresent()) {
          sum += m.index().get();
          n++;
        }
      }
      stages.put(month, counts);
      withIndex.put(month, n);
      meanIndex.put(month, n == 0 ? 0.0 : sum / n);
      Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
      SEGMENTS.keySet().forEach(id -> sizes.put(id, engine.segmentCount(id)));
      segments.put(month, sizes);
      pointsLiability.put(month, points);
      walletLiability.put(month, wallet);
    }
  }

  /**
   * The outbox dispatcher's runs, each at a tick's instant T, on a thread of their own. A run at T
   * claims the messages due by T; the events after T write messages due after T, so a run can go on
   * while they are applied, and the figures are those of running it in line. It is waited for
   * before anything that may write a message due by T: the staff's morning work and a month end (a
   * campaign) at T, anything happening at exactly T, and the next tick.
   */
  private static final class Dispatching implements AutoCloseable {
    private final OutboxDispatcher dispatcher;
    private final ManualClock clock;
    private final Stats stats;
    private final java.util.concurrent.ExecutorService thread =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "care-demo-dispatcher");
              t.setDaemon(true);
              return t;
            });
    private Optional<java.util.concurrent.Future<DispatchReport>> running = Optional.empty();
    private Instant at = Instant.MIN;

    Dispatching(OutboxDispatcher dispatcher, ManualClock clock, Stats stats) {
      this.dispatcher = dispatcher;
      this.clock = clock;
      this.stats = stats;
    }

    /** Starts a run at {@code instant}, once the one before has finished. */
    void start(Instant instant) {
      finish();
      clock.set(instant);
      at = instant;
      running = Optional.of(thread.submit(dispatcher::runOnce));
    }

    /** Waits for the run going on, if it is at or after {@code instant}. */
    void finishIfAt(Instant instant) {
      if (running.isPresent() && !instant.isAfter(at)) {
        finish();
      }
    }

    /** Waits for the run going on, if any, and counts what it did; its failure is the run's. */
    void finish() {
      if (running.isEmpty()) {
        return;
      }
      java.util.concurrent.Future<DispatchReport> run = running.get();
      running = Optional.empty();
      try {
        stats.dispatched(run.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the dispatcher's run at " + at, e);
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException("the dispatcher's run at " + at + " failed", e.getCause());
      }
    }

    /** Stops the thread; a run still going on (the loop failed) is abandoned. */
    @Override
    public void close() {
      thread.shutdownNow();
    }
  }

  /** The parts of a run timed separately, in the order the summary names them. */
  enum Phase {
    EVENTS("events"),
    DISPATCHER("dispatcher"),
    NIGHTLY("nightly runs"),
    STAFF("staff"),
    MONTH_ENDS("month ends");

    private final String label;

    Phase(String label) {
      this.label = label;
    }
  }

  /**
   * Wall time spent in each {@link Phase} of the loop (where a run on PostgreSQL spends its time;
   * the dispatcher's is the time the loop waited for it, its runs going on beside the events):
   * {@link #start} marks an instant, each {@link #stop} adds the time since the last mark to a
   * phase and marks again.
   */
  static final class Phases {
    private final long[] nanos = new long[Phase.values().length];
    private long mark = System.nanoTime();

    void start() {
      mark = System.nanoTime();
    }

    void stop(Phase phase) {
      long now = System.nanoTime();
      nanos[phase.ordinal()] += now - mark;
      mark = now;
    }

    /** For example {@code "events 12.0 s, dispatcher 3.1 s, ..."}. */
    String summary() {
      List<String> parts = new ArrayList<>();
      for (Phase p : Phase.values()) {
        parts.add(String.format(Locale.ROOT, "%s %.1f s", p.label, nanos[p.ordinal()] / 1e9));
      }
      return String.join(", ", parts);
    }
  }

  /** A channel that drops what it is given: the demo sends nothing anywhere. */
  private record DiscardingChannel(dev.care.core.customer.Channel channel)
      implements dev.care.storage.messaging.MessageChannel {
    @Override
    public void send(dev.care.storage.outbox.OutboxMessage message) {}
  }
}
