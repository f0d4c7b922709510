package dev.care.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.CustomerId;
import dev.care.examples.sim.SalonSimulation;
import dev.care.examples.sim.SimEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemberGroupsTest {
  private static final List<SimEvent> EVENTS =
      new SalonSimulation(7, 2000, 12, LocalDate.of(2026, 1, 1)).events();
  private static final MemberGroups GROUPS = MemberGroups.of(EVENTS);

  @Test
  void everyEvent_isInItsMembersGroup_andAReferredMemberInHerReferrersGroup() {
    Map<CustomerId, Integer> joined = new HashMap<>();
    int referrals = 0;
    for (SimEvent e : EVENTS) {
      if (e instanceof SimEvent.Joined j) {
        joined.put(j.customer().id(), GROUPS.groupOf(e));
        if (!j.referrer().isEmpty()) {
          referrals++;
          assertThat(GROUPS.groupOf(e))
              .as("%s referred by %s", j.customer().id().value(), j.referrer())
              .isEqualTo(joined.get(CustomerId.of(j.referrer())));
        }
      }
    }
    assertThat(referrals).isGreaterThan(100);
    for (SimEvent e : EVENTS) {
      assertThat(GROUPS.groupOf(e)).as("%s", e).isEqualTo(joined.get(MemberGroups.memberOf(e)));
    }
  }

  @Test
  void onlyReferralsJoinMembers_soEachReferralMakesOneGroupFewer() {
    // each member has at most one referrer, who joined before her: the referrals form a forest,
    // and each joins two groups that were apart
    Set<Integer> groups = new HashSet<>();
    int members = 0;
    int referrals = 0;
    for (SimEvent e : EVENTS) {
      if (e instanceof SimEvent.Joined j) {
        members++;
        referrals += j.referrer().isEmpty() ? 0 : 1;
        groups.add(GROUPS.groupOf(e));
      }
    }
    assertThat(groups).hasSize(members - referrals);
  }

  @Test
  void aMemberNotInTheSimulation_isRefusedByName() {
    SimEvent stranger =
        new SimEvent.ToppedUp(
            Instant.parse("2026-02-01T10:00:00Z"),
            "X-1",
            dev.care.core.money.Money.ofMinor("EUR", 100),
            "T-1");
    assertThatThrownBy(() -> GROUPS.groupOf(stranger))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("member X-1 is not in the simulation");
  }
}
