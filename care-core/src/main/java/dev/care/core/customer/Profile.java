package dev.care.core.customer;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Identity and contact: who the customer is and how (and when) they want to be reached.
 *
 * @param name the name the customer goes by, 1–200 characters
 * @param phone phone number, if given
 * @param email e-mail address, if given
 * @param preferredChannel the channel the customer prefers
 * @param consent consent per channel
 * @param quietHours when not to send automated messages, if any
 * @param zone the customer's time zone (greetings and quiet hours use it)
 * @param locale the customer's language and region (templates use it)
 */
public record Profile(
    String name,
    Optional<PhoneNumber> phone,
    Optional<EmailAddress> email,
    Channel preferredChannel,
    Consent consent,
    Optional<QuietHours> quietHours,
    ZoneId zone,
    Locale locale) {

  /** What an erased profile's name reads. */
  public static final String ERASED_NAME = "(erased)";

  /** Validates every field. */
  public Profile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(preferredChannel, "preferredChannel");
    Objects.requireNonNull(consent, "consent");
    Objects.requireNonNull(quietHours, "quietHours");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(locale, "locale");
    if (name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException(
          "profile name must be 1..200 non-blank characters, got '" + name + "'");
    }
  }

  /**
   * A minimal profile: a name, no contacts, no consent, e-mail preferred, UTC, English, default
   * night-time quiet hours. Use the {@code with...} methods to fill in the rest.
   *
   * @param name the name
   * @return the profile
   */
  public static Profile named(String name) {
    return new Profile(
        name,
        Optional.empty(),
        Optional.empty(),
        Channel.EMAIL,
        Consent.none(),
        Optional.of(QuietHours.defaultNight()),
        ZoneOffset.UTC,
        Locale.ENGLISH);
  }

  /**
   * The profile an erased customer keeps: no personal data at all.
   *
   * @return the erased profile
   */
  public static Profile erased() {
    return new Profile(
        ERASED_NAME,
        Optional.empty(),
        Optional.empty(),
        Channel.EMAIL,
        Consent.none(),
        Optional.empty(),
        ZoneOffset.UTC,
        Locale.ROOT);
  }

  /**
   * A copy with a phone number.
   *
   * @param e164 the number in E.164 form
   * @return the new profile
   */
  public Profile withPhone(String e164) {
    return new Profile(
        name,
        Optional.of(new PhoneNumber(e164)),
        email,
        preferredChannel,
        consent,
        quietHours,
        zone,
        locale);
  }

  /**
   * A copy with an e-mail address.
   *
   * @param address the address
   * @return the new profile
   */
  public Profile withEmail(String address) {
    return new Profile(
        name,
        phone,
        Optional.of(new EmailAddress(address)),
        preferredChannel,
        consent,
        quietHours,
        zone,
        locale);
  }

  /**
   * A copy with a preferred channel.
   *
   * @param channel the channel
   * @return the new profile
   */
  public Profile withPreferredChannel(Channel channel) {
    return new Profile(name, phone, email, channel, consent, quietHours, zone, locale);
  }

  /**
   * A copy with new consent.
   *
   * @param newConsent the consent
   * @return the new profile
   */
  public Profile withConsent(Consent newConsent) {
    return new Profile(name, phone, email, preferredChannel, newConsent, quietHours, zone, locale);
  }

  /**
   * A copy with quiet hours (or none).
   *
   * @param hours the quiet window, or empty for none
   * @return the new profile
   */
  public Profile withQuietHours(Optional<QuietHours> hours) {
    return new Profile(name, phone, email, preferredChannel, consent, hours, zone, locale);
  }

  /**
   * A copy in another time zone.
   *
   * @param newZone the zone
   * @return the new profile
   */
  public Profile withZone(ZoneId newZone) {
    return new Profile(name, phone, email, preferredChannel, consent, quietHours, newZone, locale);
  }

  /**
   * A copy with another locale.
   *
   * @param newLocale the locale
   * @return the new profile
   */
  public Profile withLocale(Locale newLocale) {
    return new Profile(name, phone, email, preferredChannel, consent, quietHours, zone, newLocale);
  }

  /**
   * Whether the customer can be reached by an automated message on a channel: consented and with
   * the contact point that channel needs.
   *
   * @param channel the channel
   * @return true if a message may be sent there
   */
  public boolean reachableBy(Channel channel) {
    if (!consent.permits(channel)) {
      return false;
    }
    return switch (channel) {
      case SMS, PHONE -> phone.isPresent();
      case EMAIL -> email.isPresent();
      case PUSH, IN_STORE, MAIL -> true;
    };
  }
}
