package dev.care.rules.program;

import dev.care.core.customer.Channel;
import dev.care.core.customer.LeapDayRule;
import dev.care.core.customer.TierId;
import dev.care.rules.program.internal.JsonReader;
import dev.care.rules.program.internal.JsonTree;
import dev.care.rules.program.internal.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Loads a {@link LoyaltyProgram} from JSON, safely: definitions may come from untrusted hands.
 *
 * <ul>
 *   <li>Input is bounded: {@link #MAX_BYTES} bytes of UTF-8 (a byte-order mark is skipped), nesting
 *       depth {@link #MAX_DEPTH}, strings of at most {@link #MAX_STRING_LENGTH} characters, field
 *       names of at most {@link #MAX_NAME_LENGTH}, numbers of at most {@link #MAX_NUMBER_LENGTH}
 *       characters with at most {@link #MAX_INTEGER_DIGITS} digits before the decimal point and
 *       {@link #MAX_DECIMAL_PLACES} after it (checked as the number is read, so no huge exponent is
 *       ever evaluated or formatted), and duplicate keys are rejected.
 *   <li>Every duration and period has a declared range, checked at load (see the README's "Programs
 *       are data" section), so no later date arithmetic can overflow; the currency must have minor
 *       units (ISO 4217 fraction digits {@code >= 0}).
 *   <li>Messages are safe to log: values from the input are quoted, cut short and have control
 *       characters escaped; at most {@link #MAX_PROBLEMS} problems are listed.
 *   <li>The JSON is read as a plain tree: no polymorphic type handling, no class names, and no
 *       expression language — nothing in a definition can instantiate a class or run code.
 *   <li>Every problem is reported at once, each with its JSON path ({@code
 *       $.earning.promotions[1].multiplier}) and a plain explanation; a definition with any problem
 *       is rejected whole ({@link InvalidProgramException}) and nothing of it is applied.
 * </ul>
 *
 * <p>The format is the one of the sample {@code /dev/care/rules/program/salon-program.json} (in
 * this artifact); every field except {@code id}, {@code version} and {@code currency} is optional
 * and defaults as the corresponding Java record's {@code defaults()} says. Durations are ISO-8601
 * ({@code P30D}, {@code PT48H}), dates ISO ({@code 2026-12-01}), money in minor units ({@code
 * ...Minor} fields) and multipliers exact decimals. Thread-safe.
 */
public final class ProgramLoader {
  /** Largest accepted definition, in bytes: 1 MiB. */
  public static final int MAX_BYTES = 1 << 20;

  /** Deepest accepted nesting of objects and arrays (the top-level object counts as 1). */
  public static final int MAX_DEPTH = 16;

  /** Longest accepted string value, in characters. */
  public static final int MAX_STRING_LENGTH = 10_000;

  /** Longest accepted field name, in characters. */
  public static final int MAX_NAME_LENGTH = 200;

  /** Longest accepted number as written, in characters. */
  public static final int MAX_NUMBER_LENGTH = 40;

  /** Most digits of a number before the decimal point. */
  public static final int MAX_INTEGER_DIGITS = 15;

  /** Most digits of a number after the decimal point (trailing zeros not counted). */
  public static final int MAX_DECIMAL_PLACES = 12;

  /** Most problems listed in one {@link InvalidProgramException}; the rest are counted. */
  public static final int MAX_PROBLEMS = 100;

  private static final BigDecimal MAX_MULTIPLIER = new BigDecimal("100");
  private static final long MAX_POINTS = 1_000_000_000L;
  private static final long MAX_MINOR = 1_000_000_000_000L;

  // declared ranges of the durations (checked at load, so date arithmetic cannot overflow)
  private static final Duration MAX_LIFETIME = Duration.ofDays(36_525); // 100 years
  private static final Duration TEN_YEARS = Duration.ofDays(3_653);
  private static final Duration ONE_YEAR = Duration.ofDays(366);
  private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
  private static final Duration ONE_HOUR = Duration.ofHours(1);
  private static final Duration ONE_DAY = Duration.ofDays(1);

  private final JsonTree tree;

  /** Creates a loader. */
  public ProgramLoader() {
    this.tree =
        new JsonTree(
            new JsonTree.Limits(
                MAX_DEPTH,
                MAX_STRING_LENGTH,
                MAX_NAME_LENGTH,
                MAX_NUMBER_LENGTH,
                MAX_INTEGER_DIGITS,
                MAX_DECIMAL_PLACES),
            MAX_BYTES);
  }

  /**
   * Loads a definition from text.
   *
   * @param json the definition
   * @return the program
   * @throws InvalidProgramException listing every problem
   */
  public LoyaltyProgram load(String json) {
    java.util.Objects.requireNonNull(json, "json");
    return load(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Loads a definition from a stream (read up to {@link #MAX_BYTES} + 1 bytes, not closed).
   *
   * @param in the definition
   * @return the program
   * @throws InvalidProgramException listing every problem
   * @throws UncheckedIOException if the stream fails
   */
  public LoyaltyProgram load(InputStream in) {
    java.util.Objects.requireNonNull(
        in,
        "in: no program definition stream (getResourceAsStream returns null for a resource that"
            + " does not exist; loadResource(name) says which)");
    try {
      return load(in.readNBytes(MAX_BYTES + 1));
    } catch (IOException e) {
      throw new UncheckedIOException("reading program definition failed", e);
    }
  }

  /**
   * Loads a definition from a resource, looked up as {@link Class#getResourceAsStream(String)} does
   * from this class: an absolute name ({@code /dev/care/rules/program/salon-program.json}, the
   * salon sample of the README shipped in this artifact) is found in care-rules itself and, on the
   * class path, in any jar; on the module path, resources of other modules are found only in
   * packages they open. For your own resource on the module path, open it yourself and call {@link
   * #load(InputStream)}.
   *
   * @param name the resource name, e.g. {@code /dev/care/rules/program/salon-program.json}
   * @return the program
   * @throws IllegalArgumentException naming the resource if there is no such resource
   * @throws InvalidProgramException listing every problem
   * @throws UncheckedIOException if reading fails
   */
  public LoyaltyProgram loadResource(String name) {
    java.util.Objects.requireNonNull(name, "name");
    try (InputStream in = ProgramLoader.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no program resource "
                + name
                + " (looked up from "
                + ProgramLoader.class.getName()
                + "; resource names that do not start with '/' are relative to its package)");
      }
      return load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading program resource " + name + " failed", e);
    }
  }

  /**
   * Loads a definition from UTF-8 bytes.
   *
   * @param json the definition
   * @return the program
   * @throws InvalidProgramException listing every problem
   */
  public LoyaltyProgram load(byte[] json) {
    java.util.Objects.requireNonNull(json, "json");
    if (json.length > MAX_BYTES) {
      throw new InvalidProgramException(
          List.of(
              new ProgramProblem(
                  "$",
                  "the definition is larger than " + MAX_BYTES + " bytes (1 MiB); it is refused")));
    }
    List<ProgramProblem> problems = new BoundedProblems();
    Optional<LoyaltyProgram> program =
        tree.parse(json, problems)
            .flatMap(root -> JsonReader.of(root, "$", problems))
            .flatMap(r -> readProgram(r, problems));
    if (!problems.isEmpty() || program.isEmpty()) {
      if (problems.isEmpty()) {
        problems.add(new ProgramProblem("$", "definition could not be read"));
      }
      throw new InvalidProgramException(((BoundedProblems) problems).listed());
    }
    return program.get();
  }

  /**
   * The problems of one load: the first {@link #MAX_PROBLEMS} are kept, the rest only counted, so a
   * definition with a million mistakes costs no more memory than one with a hundred.
   */
  private static final class BoundedProblems extends java.util.AbstractList<ProgramProblem> {
    private final List<ProgramProblem> kept = new ArrayList<>();
    private int dropped;

    @Override
    public boolean add(ProgramProblem p) {
      if (kept.size() < MAX_PROBLEMS) {
        kept.add(p);
      } else {
        dropped++;
      }
      return true;
    }

    @Override
    public ProgramProblem get(int index) {
      return kept.get(index);
    }

    /** Counts every problem added, kept or not, so "did this step add a problem" stays true. */
    @Override
    public int size() {
      return kept.size() + dropped;
    }

    List<ProgramProblem> listed() {
      if (dropped == 0) {
        return kept;
      }
      List<ProgramProblem> out = new ArrayList<>(kept);
      out.add(new ProgramProblem("$", "and " + dropped + " more problems not listed"));
      return out;
    }
  }

  /** Runs a record constructor, turning its IllegalArgumentException into a problem at a path. */
  private static <T> Optional<T> attempt(
      String path, List<ProgramProblem> problems, Supplier<T> make) {
    try {
      return Optional.of(make.get());
    } catch (IllegalArgumentException | NullPointerException e) {
      problems.add(new ProgramProblem(path, e.getMessage()));
      return Optional.empty();
    }
  }

  private Optional<LoyaltyProgram> readProgram(JsonReader r, List<ProgramProblem> problems) {
    Optional<String> id = r.string("id", true);
    id.ifPresent(
        s -> {
          if (!Checks.ID.matcher(s).matches()) {
            r.problem("id", "must match " + Checks.ID.pattern() + ", got " + Text.quote(s));
          }
        });
    Optional<Long> version = r.integer("version", true, 1, Integer.MAX_VALUE);
    Optional<Currency> currency =
        r.parsed("currency", true, "an ISO 4217 currency code such as EUR", Currency::getInstance)
            .filter(
                c -> {
                  if (c.getDefaultFractionDigits() < 0) {
                    r.problem(
                        "currency",
                        "must be a currency with minor units, got "
                            + c.getCurrencyCode()
                            + " (ISO 4217 gives it no fraction digits, so amounts in minor units"
                            + " such as minimumBasketMinor would have no meaning)");
                    return false;
                  }
                  return true;
                });
    ZoneId zone = r.zone("zone", false).orElse(ZoneId.of("UTC"));
    RoundingMode rounding = r.enumValue("rounding", RoundingMode.class, RoundingMode.FLOOR);
    PointsSettings points =
        r.object("points", false, this::readPoints)
            .flatMap(x -> x)
            .orElse(PointsSettings.defaults());
    // absent: the defaults; present but unreadable: empty, so references to it are not re-checked
    Optional<EarningRules> earningOk =
        r.object("earning", false, this::readEarning).orElse(Optional.of(EarningRules.simple()));
    EarningRules earning = earningOk.orElse(EarningRules.simple());
    TierRules tiers = r.object("tiers", false, this::readTiers).flatMap(x -> x).orElse(null);
    WalletSettings wallet =
        r.object("wallet", false, this::readWallet)
            .flatMap(x -> x)
            .orElse(WalletSettings.defaults());
    CareSettings care = r.object("care", false, this::readCare).orElse(CareSettings.none());
    Map<String, MessageTemplate> templates = new LinkedHashMap<>();
    Set<String> declaredTemplates = new HashSet<>();
    r.objects(
        "templates",
        500,
        (t, i) -> {
          String path = r.pathOf("templates") + "[" + i + "]";
          Optional<String> tid = t.string("id", true);
          Optional<String> text = t.string("text", true);
          tid.ifPresent(declaredTemplates::add);
          if (tid.isPresent() && text.isPresent()) {
            attempt(path, problems, () -> new MessageTemplate(tid.get(), text.get()))
                .ifPresent(
                    mt -> {
                      if (templates.putIfAbsent(mt.id(), mt) != null) {
                        problems.add(
                            new ProgramProblem(
                                path + ".id", "template '" + mt.id() + "' is defined twice"));
                      }
                    });
          }
          return null;
        });
    List<FrequencyCap> caps =
        r.objects(
            "frequencyCaps",
            20,
            (c, i) -> {
              Optional<Channel> ch = c.enumValue("channel", Channel.class, true);
              Optional<Long> max = c.integer("max", true, 1, 10_000);
              Optional<Duration> period = c.duration("period", true, ONE_MINUTE, ONE_YEAR);
              if (ch.isEmpty() || max.isEmpty() || period.isEmpty()) {
                return null;
              }
              return new FrequencyCap(ch.get(), max.get().intValue(), period.get());
            });
    r.end();
    if (tiers == null) {
      tiers = TierRules.defaults();
    }
    LoyaltyProgram.crossCheck(rounding, earningOk, care, declaredTemplates, caps, problems);
    LoyaltyProgram.checkFillable(care, templates, problems);
    if (!problems.isEmpty() || id.isEmpty() || version.isEmpty() || currency.isEmpty()) {
      return Optional.empty();
    }
    TierRules t = tiers;
    return attempt(
        "$",
        problems,
        () ->
            new LoyaltyProgram(
                id.get(),
                version.get().intValue(),
                currency.get(),
                zone,
                rounding,
                points,
                earning,
                t,
                wallet,
                care,
                templates,
                caps));
  }

  private Optional<PointsSettings> readPoints(JsonReader r) {
    PointsSettings d = PointsSettings.defaults();
    Duration lifetime =
        r.duration("lotLifetime", false, ONE_HOUR, MAX_LIFETIME).orElse(d.lotLifetime());
    Duration pending =
        r.duration("pendingWindow", false, Duration.ZERO, ONE_YEAR).orElse(d.pendingWindow());
    boolean negative = r.bool("allowNegativeBalance", false);
    long limit = r.integer("negativeLimit", 0, 0, MAX_POINTS);
    return attempt(
        r.path(), r.problems(), () -> new PointsSettings(lifetime, pending, negative, limit));
  }

  private Optional<EarningRules> readEarning(JsonReader r) {
    int before = r.problems().size();
    BigDecimal rate =
        r.decimal("pointsPerUnit", false, BigDecimal.ZERO, new BigDecimal("10000"))
            .orElse(BigDecimal.ONE);
    long minBasket = r.integer("minimumBasketMinor", 0, 0, MAX_MINOR);
    Map<String, BigDecimal> cat =
        r.decimalMap("categoryMultipliers", 1000, BigDecimal.ZERO, MAX_MULTIPLIER);
    Map<String, BigDecimal> sku =
        r.decimalMap("skuMultipliers", 10_000, BigDecimal.ZERO, MAX_MULTIPLIER);
    List<String> excluded = r.strings("excludedCategories", 1000);
    boolean excludeDiscounted = r.bool("excludeDiscountedLines", false);
    Optional<Long> perOrder = r.integer("perOrderCap", false, 1, MAX_POINTS);
    Optional<EarningRules.PeriodCap> periodCap =
        r.object(
                "periodCap",
                false,
                c -> {
                  Optional<Long> pts = c.integer("points", true, 1, MAX_POINTS);
                  Optional<Duration> per = c.duration("period", true, ONE_HOUR, TEN_YEARS);
                  return pts.isPresent() && per.isPresent()
                      ? Optional.of(new EarningRules.PeriodCap(pts.get(), per.get()))
                      : Optional.<EarningRules.PeriodCap>empty();
                })
            .flatMap(x -> x);
    List<Promotion> promotions =
        r.objects(
            "promotions",
            200,
            (p, i) -> {
              Optional<String> pid = p.string("id", true);
              var from = p.date("from", true);
              var to = p.date("to", true);
              Optional<BigDecimal> mult =
                  p.decimal("multiplier", true, new BigDecimal("0.01"), MAX_MULTIPLIER);
              List<String> cats = p.strings("categories", 1000);
              if (pid.isEmpty() || from.isEmpty() || to.isEmpty() || mult.isEmpty()) {
                return null;
              }
              return attempt(
                      r.pathOf("promotions") + "[" + i + "]",
                      r.problems(),
                      () ->
                          new Promotion(
                              pid.get(), from.get(), to.get(), mult.get(), new HashSet<>(cats)))
                  .orElse(null);
            });
    long birthdayBonus = r.integer("birthdayBonus", 0, 0, MAX_POINTS);
    long birthdayWindow = r.integer("birthdayWindowDays", 7, 1, 366);
    long[] referral = {0, 0, 0};
    List<Duration> referralWindow = new ArrayList<>();
    r.object(
        "referral",
        false,
        c -> {
          referral[0] = c.integer("referrerPoints", 0, 0, MAX_POINTS);
          referral[1] = c.integer("friendPoints", 0, 0, MAX_POINTS);
          referral[2] = c.integer("minimumPurchaseMinor", 0, 0, Long.MAX_VALUE / 2);
          c.duration("window", false, ONE_DAY, TEN_YEARS).ifPresent(referralWindow::add);
          return true;
        });
    long[] goodwill = {0, 0};
    r.object(
        "goodwill",
        false,
        c -> {
          goodwill[0] = c.integer("maxPoints", 0, 0, MAX_POINTS);
          goodwill[1] = c.integer("monthlyBudget", 0, 0, MAX_POINTS * 1000);
          return true;
        });
    if (r.problems().size() > before) {
      return Optional.empty();
    }
    return attempt(
        "$.earning",
        r.problems(),
        () ->
            new EarningRules(
                rate,
                minBasket,
                cat,
                sku,
                new HashSet<>(excluded),
                excludeDiscounted,
                perOrder,
                periodCap,
                promotions,
                birthdayBonus,
                (int) birthdayWindow,
                referral[0],
                referral[1],
                referral[2],
                referralWindow.stream().findFirst(),
                goodwill[0],
                goodwill[1]));
  }

  private Optional<TierRules> readTiers(JsonReader r) {
    int before = r.problems().size();
    TierRules.Basis basis =
        r.enumValue("basis", TierRules.Basis.class, TierRules.Basis.QUALIFYING_POINTS);
    TierRules.Window window =
        r.enumValue("window", TierRules.Window.class, TierRules.Window.ROLLING);
    Duration rolling =
        r.duration("rollingWindow", false, ONE_DAY, TEN_YEARS).orElse(Duration.ofDays(365));
    Duration grace =
        r.duration("gracePeriod", false, Duration.ZERO, TEN_YEARS).orElse(Duration.ofDays(30));
    List<TierLevel> levels =
        r.objects(
            "levels",
            50,
            (l, i) -> {
              Optional<TierId> tid =
                  l.parsed("id", true, "an upper-case tier name such as GOLD", TierId::of);
              Optional<Long> threshold = l.integer("threshold", true, 0, MAX_MINOR);
              BigDecimal mult =
                  l.decimal("earnMultiplier", false, BigDecimal.ZERO, MAX_MULTIPLIER)
                      .orElse(BigDecimal.ONE);
              long discount = l.integer("discountPercent", 0, 0, 100);
              if (tid.isEmpty() || threshold.isEmpty()) {
                return null;
              }
              return new TierLevel(tid.get(), threshold.get(), mult, (int) discount);
            });
    if (r.problems().size() > before) {
      return Optional.empty();
    }
    return attempt(
        "$.tiers.levels", r.problems(), () -> new TierRules(basis, window, rolling, grace, levels));
  }

  private Optional<WalletSettings> readWallet(JsonReader r) {
    int before = r.problems().size();
    WalletSettings.SpendOrder order =
        r.enumValue(
            "spendOrder",
            WalletSettings.SpendOrder.class,
            WalletSettings.SpendOrder.SOONEST_EXPIRING_FIRST);
    Optional<Period> paidExpiry =
        r.parsed("paidValueExpiry", false, "an ISO-8601 period such as P5Y", Period::parse)
            .filter(
                p -> {
                  Optional<String> wrong = WalletSettings.checkPaidValueExpiry(p);
                  wrong.ifPresent(w -> r.problem("paidValueExpiry", w));
                  return wrong.isEmpty();
                });
    List<WalletSettings.TopUpPromotion> promos =
        r.objects(
            "topUpPromotions",
            100,
            (p, i) -> {
              Optional<String> pid = p.string("id", true);
              Optional<Long> min = p.integer("minTopUpMinor", true, 1, MAX_MINOR);
              Optional<Long> bonus = p.integer("bonusMinor", true, 1, MAX_MINOR);
              Optional<Duration> expiry = p.duration("bonusExpiry", true, ONE_DAY, TEN_YEARS);
              if (pid.isEmpty() || min.isEmpty() || bonus.isEmpty() || expiry.isEmpty()) {
                return null;
              }
              return attempt(
                      r.pathOf("topUpPromotions") + "[" + i + "]",
                      r.problems(),
                      () ->
                          new WalletSettings.TopUpPromotion(
                              pid.get(), min.get(), bonus.get(), expiry.get()))
                  .orElse(null);
            });
    if (r.problems().size() > before) {
      return Optional.empty();
    }
    return attempt(r.path(), r.problems(), () -> new WalletSettings(order, paidExpiry, promos));
  }

  private CareSettings readCare(JsonReader r) {
    Optional<CareSettings.Greeting> birthday =
        r.object("birthday", false, this::readGreeting).flatMap(x -> x);
    Optional<CareSettings.Greeting> anniversary =
        r.object("anniversary", false, this::readGreeting).flatMap(x -> x);
    Optional<CareSettings.Message> eBill =
        r.object("eBill", false, this::readMessage).flatMap(x -> x);
    Optional<CareSettings.Message> welcome =
        r.object("welcome", false, this::readMessage).flatMap(x -> x);
    Optional<CareSettings.WinBack> winBack =
        r.object(
                "winBack",
                false,
                c -> {
                  Optional<Channel> ch = c.enumValue("channel", Channel.class, true);
                  Optional<String> t = c.string("template", true);
                  long offer = c.integer("offerPoints", 0, 0, MAX_POINTS);
                  Optional<Duration> follow = c.duration("followUpAfter", true, ONE_HOUR, ONE_YEAR);
                  return ch.isPresent() && t.isPresent() && follow.isPresent()
                      ? attempt(
                          c.pathOf("template"),
                          c.problems(),
                          () -> new CareSettings.WinBack(ch.get(), t.get(), offer, follow.get()))
                      : Optional.<CareSettings.WinBack>empty();
                })
            .flatMap(x -> x);
    Optional<CareSettings.Complaint> complaint =
        r.object(
                "complaint",
                false,
                c -> {
                  Optional<Duration> target =
                      c.duration("turnaroundTarget", true, ONE_MINUTE, ONE_YEAR);
                  Optional<Channel> ch = c.enumValue("channel", Channel.class, true);
                  Optional<String> thanks = c.string("thankYouTemplate", true);
                  Optional<String> survey = c.string("surveyTemplate", true);
                  return target.isPresent()
                          && ch.isPresent()
                          && thanks.isPresent()
                          && survey.isPresent()
                      ? attempt(
                          c.pathOf("thankYouTemplate"),
                          c.problems(),
                          () ->
                              new CareSettings.Complaint(
                                  target.get(), ch.get(), thanks.get(), survey.get()))
                      : Optional.<CareSettings.Complaint>empty();
                })
            .flatMap(x -> x);
    Optional<CareSettings.Recovery> recovery =
        r.object(
                "recovery",
                false,
                c -> {
                  Optional<Channel> ch = c.enumValue("channel", Channel.class, true);
                  Optional<String> t = c.string("apologyTemplate", true);
                  long goodwill = c.integer("goodwillPoints", 0, 0, MAX_POINTS);
                  long threshold = c.integer("indexThreshold", 35, 0, 100);
                  return ch.isPresent() && t.isPresent()
                      ? attempt(
                          c.pathOf("apologyTemplate"),
                          c.problems(),
                          () ->
                              new CareSettings.Recovery(
                                  ch.get(), t.get(), goodwill, (int) threshold))
                      : Optional.<CareSettings.Recovery>empty();
                })
            .flatMap(x -> x);
    Optional<CareSettings.ReturnVisit> returnVisit =
        r.object(
                "returnVisit",
                false,
                c ->
                    c.duration("interval", true, ONE_DAY, TEN_YEARS)
                        .map(CareSettings.ReturnVisit::new))
            .flatMap(x -> x);
    boolean suppress = r.bool("suppressMarketingWhileComplaintOpen", true);
    // the level each trigger aims at: any of CareSettings.DEFAULT_SERVICE_LEVELS, by name; a name
    // that is no trigger is an unknown field (with its path), a value that is no level a problem
    java.util.Map<String, dev.care.core.satisfaction.ServiceLevel> levels =
        r.object(
                "serviceLevels",
                false,
                c -> {
                  java.util.Map<String, dev.care.core.satisfaction.ServiceLevel> m =
                      new java.util.LinkedHashMap<>();
                  for (String trigger : CareSettings.DEFAULT_SERVICE_LEVELS.keySet()) {
                    c.enumValue(trigger, dev.care.core.satisfaction.ServiceLevel.class, false)
                        .ifPresent(l -> m.put(trigger, l));
                  }
                  return m;
                })
            .orElse(java.util.Map.of());
    Duration escalateAfter =
        r.duration("escalateTasksAfter", false, Duration.ZERO, ONE_YEAR)
            .orElse(CareSettings.DEFAULT_ESCALATE_TASKS_AFTER);
    return new CareSettings(
        birthday,
        anniversary,
        eBill,
        welcome,
        winBack,
        complaint,
        recovery,
        returnVisit,
        suppress,
        levels,
        escalateAfter);
  }

  private Optional<CareSettings.Message> readMessage(JsonReader c) {
    Optional<Channel> ch = c.enumValue("channel", Channel.class, true);
    Optional<String> t = c.string("template", true);
    return ch.isPresent() && t.isPresent()
        ? attempt(
            c.pathOf("template"), c.problems(), () -> new CareSettings.Message(ch.get(), t.get()))
        : Optional.empty();
  }

  private Optional<CareSettings.Greeting> readGreeting(JsonReader c) {
    Optional<Channel> ch = c.enumValue("channel", Channel.class, true);
    Optional<String> t = c.string("template", true);
    LocalTime at = c.time("localTime", LocalTime.of(9, 0));
    LeapDayRule leap = c.enumValue("leapDay", LeapDayRule.class, LeapDayRule.FEBRUARY_28);
    long giftPoints = c.integer("giftPoints", 0, 0, MAX_POINTS);
    long giftBonus = c.integer("giftBonusMinor", 0, 0, MAX_MINOR);
    return ch.isPresent() && t.isPresent()
        ? attempt(
            c.pathOf("template"),
            c.problems(),
            () -> new CareSettings.Greeting(ch.get(), t.get(), at, leap, giftPoints, giftBonus))
        : Optional.empty();
  }
}
