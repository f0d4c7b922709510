package dev.care.core.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CustomerFileTest {
  private static final Instant T0 = Instant.parse("2026-01-10T10:00:00Z");
  private static final CustomerId ID = CustomerId.of("C-1");

  private static Customer fullCustomer() {
    Profile p =
        Profile.named("Ada Lovelace")
            .withPhone("+441234567890")
            .withEmail("ada@example.org")
            .withPreferredChannel(Channel.SMS)
            .withConsent(Consent.optedIn(Channel.SMS, Channel.EMAIL))
            .withZone(ZoneId.of("Europe/London"))
            .withLocale(Locale.UK);
    return Customer.register(ID, p, T0)
        .withBirthday(ImportantDate.birthday(LocalDate.of(1990, 12, 10)))
        .withAnniversary(ImportantDate.of("wedding", LocalDate.of(2015, 6, 1)))
        .withSpecialNeeds(Set.of(SpecialNeed.ELDERLY, SpecialNeed.HEARING_IMPAIRED))
        .withType(CustomerType.ACTIVE)
        .withTier(Optional.of(TierId.of("GOLD")))
        .withTags(Set.of("vip", "newsletter"));
  }

  @Test
  void customerId_blankOrControlCharacters_throwsNamingValue() {
    assertThatThrownBy(() -> CustomerId.of(" ")).hasMessageContaining("customerId");
    assertThatThrownBy(() -> CustomerId.of("a\nb")).hasMessageContaining("control");
    assertThatThrownBy(() -> CustomerId.of("x".repeat(129))).hasMessageContaining("1..128");
    assertThat(CustomerId.of("C-1")).isEqualTo(new CustomerId("C-1"));
  }

  @Test
  void contactPoints_invalid_throwNamingValue() {
    assertThatThrownBy(() -> new PhoneNumber("0049 151")).hasMessageContaining("0049 151");
    assertThatThrownBy(() -> new EmailAddress("not-an-address"))
        .hasMessageContaining("not-an-address");
    assertThat(new PhoneNumber("+4915112345678").e164()).isEqualTo("+4915112345678");
    assertThat(new EmailAddress("a.b+c@shop.example.com").value()).contains("@");
  }

  @Test
  void consent_unknownChannel_doesNotPermitMessages() {
    Consent c = Consent.optedIn(Channel.EMAIL).with(Channel.SMS, ConsentStatus.OPTED_OUT);
    assertThat(c.permits(Channel.EMAIL)).isTrue();
    assertThat(c.permits(Channel.SMS)).isFalse();
    assertThat(c.status(Channel.PUSH)).isEqualTo(ConsentStatus.UNKNOWN);
    assertThat(c.permits(Channel.PUSH)).isFalse();
  }

  @Test
  void reachableBy_needsConsentAndContactPoint() {
    Profile p = Profile.named("Bo").withConsent(Consent.optedIn(Channel.SMS, Channel.EMAIL));
    assertThat(p.reachableBy(Channel.SMS)).isFalse();
    assertThat(p.withPhone("+15551234567").reachableBy(Channel.SMS)).isTrue();
    assertThat(p.withEmail("bo@example.com").reachableBy(Channel.EMAIL)).isTrue();
    assertThat(p.withEmail("bo@example.com").reachableBy(Channel.PUSH)).isFalse();
  }

  @Test
  void profile_blankName_throws() {
    assertThatThrownBy(() -> Profile.named("  ")).hasMessageContaining("profile name");
  }

  @Test
  void customer_invalidTagOrDuplicateAnniversary_throws() {
    Customer c = Customer.register(ID, Profile.named("A"), T0);
    assertThatThrownBy(() -> c.withTags(Set.of("Bad Tag")))
        .hasMessageContaining("'Bad Tag'")
        .hasMessageContaining("C-1");
    assertThatThrownBy(() -> c.withBirthday(ImportantDate.of("wedding", LocalDate.of(2000, 1, 1))))
        .hasMessageContaining("birthday must be named");
    Customer twice =
        c.withAnniversary(ImportantDate.of("wedding", LocalDate.of(2000, 1, 1)))
            .withAnniversary(ImportantDate.of("wedding", LocalDate.of(2001, 1, 1)));
    assertThat(twice.anniversaries()).hasSize(1);
    assertThat(twice.anniversaries().get(0).year()).contains(2001);
  }

  @Test
  void priorityBoost_isLargestAmongSpecialNeeds() {
    assertThat(fullCustomer().priorityBoost()).isEqualTo(1);
    assertThat(
            fullCustomer()
                .withSpecialNeeds(Set.of(SpecialNeed.DISABLED, SpecialNeed.ELDERLY))
                .priorityBoost())
        .isEqualTo(2);
    assertThat(Customer.register(ID, Profile.named("A"), T0).priorityBoost()).isZero();
  }

  @Test
  void specialNeed_customNeed_isAccepted_andInvalidRejected() {
    SpecialNeed wheelchair =
        new SpecialNeed("WHEELCHAIR", "wheelchair user", 2, java.util.List.of("ramp"));
    assertThat(wheelchair.accommodations()).containsExactly("ramp");
    assertThatThrownBy(() -> new SpecialNeed("x", "x", 0, java.util.List.of()))
        .hasMessageContaining("'x'");
    assertThatThrownBy(() -> new SpecialNeed("X", "x", 4, java.util.List.of()))
        .hasMessageContaining("priorityBoost");
    assertThat(SpecialNeed.standard()).hasSize(6);
  }

  @Test
  void erase_removesAllPersonalData_keepsIdTierAndRegistration() {
    Instant at = T0.plusSeconds(3600);
    Customer erased = fullCustomer().erase(at);
    assertThat(erased.id()).isEqualTo(ID);
    assertThat(erased.isErased()).isTrue();
    assertThat(erased.erasedAt()).contains(at);
    assertThat(erased.profile()).isEqualTo(Profile.erased());
    assertThat(erased.profile().phone()).isEmpty();
    assertThat(erased.profile().email()).isEmpty();
    assertThat(erased.birthday()).isEmpty();
    assertThat(erased.anniversaries()).isEmpty();
    assertThat(erased.specialNeeds()).isEmpty();
    assertThat(erased.tags()).isEmpty();
    assertThat(erased.tier()).contains(TierId.of("GOLD"));
    assertThat(erased.registeredAt()).isEqualTo(T0);
    // nothing personal survives anywhere in the value
    assertThat(erased.toString())
        .doesNotContain("Ada")
        .doesNotContain("+441234567890")
        .doesNotContain("ada@example.org")
        .doesNotContain("1990");
  }

  @Test
  void erase_twice_keepsFirstErasureTime() {
    Customer once = fullCustomer().erase(T0.plusSeconds(10));
    assertThat(once.erase(T0.plusSeconds(99))).isSameAs(once);
  }

  @Test
  void tierId_lowerCase_throws() {
    assertThatThrownBy(() -> TierId.of("gold")).hasMessageContaining("'gold'");
  }

  @Test
  void quietHours_wrappingMidnight_containsNightTimes() {
    QuietHours q = QuietHours.defaultNight();
    assertThat(q.contains(LocalTime.of(22, 0))).isTrue();
    assertThat(q.contains(LocalTime.of(3, 0))).isTrue();
    assertThat(q.contains(LocalTime.of(8, 0))).isFalse();
    assertThat(q.contains(LocalTime.of(12, 0))).isFalse();
    QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 0));
    assertThat(lunch.contains(LocalTime.of(12, 30))).isTrue();
    assertThat(lunch.contains(LocalTime.of(13, 0))).isFalse();
    assertThatThrownBy(() -> new QuietHours(LocalTime.NOON, LocalTime.NOON))
        .hasMessageContaining("differ");
  }

  @Test
  void quietHours_nextAllowed_defersToWindowEndInCustomerZone() {
    QuietHours q = QuietHours.defaultNight();
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    // 23:30 in Tokyo -> 08:00 next morning Tokyo time
    Instant late = Instant.parse("2026-03-01T14:30:00Z");
    assertThat(q.nextAllowed(late, tokyo)).isEqualTo(Instant.parse("2026-03-01T23:00:00Z"));
    // 06:00 in Tokyo -> 08:00 same morning
    Instant early = Instant.parse("2026-03-01T21:00:00Z");
    assertThat(q.nextAllowed(early, tokyo)).isEqualTo(Instant.parse("2026-03-01T23:00:00Z"));
    // noon is allowed as is
    Instant noon = Instant.parse("2026-03-01T03:00:00Z");
    assertThat(q.nextAllowed(noon, tokyo)).isEqualTo(noon);
  }

  @Test
  void importantDate_monthDayOnly_andValidation() {
    ImportantDate b = ImportantDate.birthday(MonthDay.of(7, 4));
    assertThat(b.year()).isEmpty();
    assertThat(b.yearsAt(2030)).isEmpty();
    assertThat(ImportantDate.birthday(LocalDate.of(2000, 7, 4)).yearsAt(2030)).contains(30);
    assertThatThrownBy(() -> new ImportantDate("birthday", MonthDay.of(2, 29), Optional.of(2023)))
        .hasMessageContaining("2023");
    assertThatThrownBy(() -> ImportantDate.of("Wedding Day", LocalDate.of(2000, 1, 1)))
        .hasMessageContaining("'Wedding Day'");
  }

  @Test
  void automatedChannel_configuredIfReachable_elsePreferredAutomated_elseNothing() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    Profile both =
        Profile.named("Ann")
            .withPhone("+441234567890")
            .withEmail("ann@example.com")
            .withPreferredChannel(Channel.EMAIL)
            .withConsent(Consent.optedIn(Channel.SMS, Channel.EMAIL));
    Customer ann = Customer.register(CustomerId.of("C-1"), both, t);
    assertThat(ann.automatedChannel(Channel.SMS)).contains(Channel.SMS);
    Customer emailOnly =
        Customer.register(
            CustomerId.of("C-2"), both.withConsent(Consent.optedIn(Channel.EMAIL)), t);
    assertThat(emailOnly.automatedChannel(Channel.SMS)).contains(Channel.EMAIL);
    Customer none =
        Customer.register(CustomerId.of("C-3"), Profile.named("Cem").withEmail("c@example.com"), t);
    assertThat(none.automatedChannel(Channel.EMAIL)).isEmpty();
    assertThat(ann.erase(t.plusSeconds(1)).automatedChannel(Channel.SMS)).isEmpty();
  }
}
