package dev.care.core.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The customer file (the "service file"): identity and contact, dates that matter, special needs,
 * who the customer is toward us, the value tier and free tags. Consumption records, service
 * history, points and wallet are kept beside it, keyed by {@link #id()}.
 *
 * <p>Immutable: every change returns a new value. {@link #erase(Instant)} removes all personal data
 * but keeps the id, so ledgers that reference it still sum.
 *
 * @param id the customer's id
 * @param profile identity, contacts, consent, quiet hours, zone, locale
 * @param birthday the birthday, if known
 * @param anniversaries other named annual dates (membership, wedding, first purchase...)
 * @param specialNeeds circumstances that change how service is given
 * @param type who the customer is toward us
 * @param tier the value tier, if the program assigned one
 * @param tags free labels used by segments (lower-case words)
 * @param registeredAt when the customer entered the file
 * @param erasedAt when personal data was erased, if it was
 */
public record Customer(
    CustomerId id,
    Profile profile,
    Optional<ImportantDate> birthday,
    List<ImportantDate> anniversaries,
    Set<SpecialNeed> specialNeeds,
    CustomerType type,
    Optional<TierId> tier,
    Set<String> tags,
    Instant registeredAt,
    Optional<Instant> erasedAt) {

  private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_:-]{0,39}");

  /** Validates every field and copies the collections. */
  public Customer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(birthday, "birthday");
    Objects.requireNonNull(anniversaries, "anniversaries");
    Objects.requireNonNull(specialNeeds, "specialNeeds");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(registeredAt, "registeredAt");
    Objects.requireNonNull(erasedAt, "erasedAt");
    birthday.ifPresent(
        b -> {
          if (!b.name().equals(ImportantDate.BIRTHDAY)) {
            throw new IllegalArgumentException(
                "birthday must be named '" + ImportantDate.BIRTHDAY + "', got '" + b.name() + "'");
          }
        });
    Set<String> names = new HashSet<>();
    for (ImportantDate a : anniversaries) {
      if (!names.add(a.name())) {
        throw new IllegalArgumentException(
            "anniversaries of customer " + id + " repeat the name '" + a.name() + "'");
      }
    }
    for (String t : tags) {
      if (!TAG.matcher(t).matches()) {
        throw new IllegalArgumentException(
            "tag must match " + TAG.pattern() + ", got '" + t + "' for customer " + id);
      }
    }
    erasedAt.ifPresent(
        e -> {
          if (e.isBefore(registeredAt)) {
            throw new IllegalArgumentException(
                "erasedAt " + e + " is before registeredAt " + registeredAt);
          }
        });
    anniversaries = List.copyOf(anniversaries);
    specialNeeds = Set.copyOf(specialNeeds);
    tags = Set.copyOf(tags);
  }

  /**
   * A new customer with a profile and nothing else, of type {@link
   * CustomerType#INTERESTED_UNDECIDED}.
   *
   * @param id the id
   * @param profile the profile
   * @param registeredAt when the customer entered the file
   * @return the customer
   */
  public static Customer register(CustomerId id, Profile profile, Instant registeredAt) {
    return new Customer(
        id,
        profile,
        Optional.empty(),
        List.of(),
        Set.of(),
        CustomerType.INTERESTED_UNDECIDED,
        Optional.empty(),
        Set.of(),
        registeredAt,
        Optional.empty());
  }

  /**
   * Whether personal data has been erased.
   *
   * @return true after {@link #erase(Instant)}
   */
  public boolean isErased() {
    return erasedAt.isPresent();
  }

  /**
   * The channel an automated message should take: the configured one if this customer can be
   * reached on it (contact and consent), otherwise their preferred channel if it is automated and
   * reachable; nothing for an erased or unreachable customer.
   *
   * @param configured the channel the program configured for the message
   * @return the channel to use, if any
   */
  public Optional<Channel> automatedChannel(Channel configured) {
    Objects.requireNonNull(configured, "configured");
    if (isErased()) {
      return Optional.empty();
    }
    if (profile.reachableBy(configured)) {
      return Optional.of(configured);
    }
    Channel preferred = profile.preferredChannel();
    if (preferred.isAutomated() && profile.reachableBy(preferred)) {
      return Optional.of(preferred);
    }
    return Optional.empty();
  }

  /**
   * A copy with another profile.
   *
   * @param newProfile the profile
   * @return the new file
   */
  public Customer withProfile(Profile newProfile) {
    return new Customer(
        id,
        newProfile,
        birthday,
        anniversaries,
        specialNeeds,
        type,
        tier,
        tags,
        registeredAt,
        erasedAt);
  }

  /**
   * A copy with a birthday.
   *
   * @param newBirthday the birthday (named {@code birthday})
   * @return the new file
   */
  public Customer withBirthday(ImportantDate newBirthday) {
    return new Customer(
        id,
        profile,
        Optional.of(newBirthday),
        anniversaries,
        specialNeeds,
        type,
        tier,
        tags,
        registeredAt,
        erasedAt);
  }

  /**
   * A copy with an anniversary added or replaced (by name).
   *
   * @param date the anniversary
   * @return the new file
   */
  public Customer withAnniversary(ImportantDate date) {
    List<ImportantDate> list = new ArrayList<>(anniversaries);
    list.removeIf(a -> a.name().equals(date.name()));
    list.add(date);
    list.sort(Comparator.comparing(ImportantDate::name));
    return new Customer(
        id, profile, birthday, list, specialNeeds, type, tier, tags, registeredAt, erasedAt);
  }

  /**
   * A copy with these special needs.
   *
   * @param needs the needs
   * @return the new file
   */
  public Customer withSpecialNeeds(Set<SpecialNeed> needs) {
    return new Customer(
        id, profile, birthday, anniversaries, needs, type, tier, tags, registeredAt, erasedAt);
  }

  /**
   * A copy with another customer type.
   *
   * @param newType the type
   * @return the new file
   */
  public Customer withType(CustomerType newType) {
    return new Customer(
        id,
        profile,
        birthday,
        anniversaries,
        specialNeeds,
        newType,
        tier,
        tags,
        registeredAt,
        erasedAt);
  }

  /**
   * A copy with a tier (or none).
   *
   * @param newTier the tier
   * @return the new file
   */
  public Customer withTier(Optional<TierId> newTier) {
    if (Objects.requireNonNull(newTier, "tier").equals(tier)) {
      return this; // every unit of work asks for the file with its (usually unchanged) tier
    }
    return new Customer(
        id,
        profile,
        birthday,
        anniversaries,
        specialNeeds,
        type,
        newTier,
        tags,
        registeredAt,
        erasedAt);
  }

  /**
   * A copy with these tags.
   *
   * @param newTags the tags
   * @return the new file
   */
  public Customer withTags(Set<String> newTags) {
    return new Customer(
        id,
        profile,
        birthday,
        anniversaries,
        specialNeeds,
        type,
        tier,
        newTags,
        registeredAt,
        erasedAt);
  }

  /**
   * How many steps staff-task priority is raised for this customer: the largest boost among the
   * special needs.
   *
   * @return 0 to 3
   */
  public int priorityBoost() {
    return specialNeeds.stream().mapToInt(SpecialNeed::priorityBoost).max().orElse(0);
  }

  /**
   * The right to be forgotten: a copy with every piece of personal data removed (profile, dates,
   * special needs, tags) and the id, type, tier and registration time kept, so ledgers still sum
   * and aggregate reports still count the customer. Erasing twice keeps the first erasure time.
   *
   * @param at when the erasure happens
   * @return the erased file
   */
  public Customer erase(Instant at) {
    Objects.requireNonNull(at, "at");
    if (isErased()) {
      return this;
    }
    return new Customer(
        id,
        Profile.erased(),
        Optional.empty(),
        List.of(),
        Set.of(),
        type,
        tier,
        Set.of(),
        registeredAt,
        Optional.of(at.isBefore(registeredAt) ? registeredAt : at));
  }
}
