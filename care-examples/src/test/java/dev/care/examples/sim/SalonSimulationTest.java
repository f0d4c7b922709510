package dev.care.examples.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.Channel;
import dev.care.core.satisfaction.FactorCatalogue;
import dev.care.core.satisfaction.FactorKind;
import dev.care.core.satisfaction.InteractionOutcome;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SalonSimulationTest {
  private static final LocalDate START = LocalDate.of(2026, 1, 1);

  @Test
  void events_sameSeed_sameEvents_inTimeOrder_withinThePeriod() {
    SalonSimulation sim = new SalonSimulation(7, 300, 12, START);
    List<SimEvent> a = sim.events();
    assertThat(new SalonSimulation(7, 300, 12, START).events()).isEqualTo(a);
    assertThat(new SalonSimulation(8, 300, 12, START).events()).isNotEqualTo(a);
    for (int i = 1; i < a.size(); i++) {
      assertThat(a.get(i).at()).isAfterOrEqualTo(a.get(i - 1).at());
    }
    assertThat(a)
        .allSatisfy(
            e -> assertThat(e.at()).isBefore(sim.end()).isAfterOrEqualTo(sim.startInstant()));
  }

  @Test
  void events_haveBelievableMix() {
    List<SimEvent> a = new SalonSimulation(42, 2000, 12, START).events();
    long joined = a.stream().filter(e -> e instanceof SimEvent.Joined).count();
    long bought = a.stream().filter(e -> e instanceof SimEvent.Bought).count();
    long returned = a.stream().filter(e -> e instanceof SimEvent.Returned).count();
    long topUps = a.stream().filter(e -> e instanceof SimEvent.ToppedUp).count();
    long complaints = a.stream().filter(e -> e instanceof SimEvent.ComplaintOpened).count();
    long closed = a.stream().filter(e -> e instanceof SimEvent.ComplaintClosed).count();
    long spends = a.stream().filter(e -> e instanceof SimEvent.Spent).count();
    assertThat(joined).isEqualTo(2000);
    // roughly one visit a month per active member, fewer as members drift away
    assertThat(bought).isBetween(6_000L, 24_000L);
    assertThat((double) returned / bought).isBetween(0.015, 0.05);
    assertThat((double) complaints / bought).isBetween(0.02, 0.06);
    assertThat(topUps).isPositive();
    // wallet members pay visits from their wallets: they spend most of what they top up
    assertThat(spends).isGreaterThan(topUps);
    // a complaint closes after it opens; the ones closing after the period stay open
    assertThat(closed).isLessThan(complaints).isGreaterThan(complaints * 9 / 10);
  }

  @Test
  void events_walletSpendsNeverExceedWhatWasPaidIn_andComplaintsOpenForDays() {
    List<SimEvent> a = new SalonSimulation(42, 2000, 12, START).events();
    java.util.Map<String, Long> paidIn = new java.util.HashMap<>();
    for (SimEvent e : a) {
      if (e instanceof SimEvent.ToppedUp t) {
        paidIn.merge(t.member(), t.amount().minorUnits(), Long::sum);
      } else if (e instanceof SimEvent.Spent s) {
        long left = paidIn.merge(s.member(), -s.amount().minorUnits(), Long::sum);
        assertThat(left).as(s.spendId()).isNotNegative();
      }
    }
    java.util.Map<String, java.time.Instant> opened = new java.util.HashMap<>();
    long longOpen = 0;
    long closedCount = 0;
    for (SimEvent e : a) {
      if (e instanceof SimEvent.ComplaintOpened o) {
        assertThat(o.interaction().isOpen()).isTrue();
        opened.put(o.interaction().id(), o.at());
      } else if (e instanceof SimEvent.ComplaintClosed c) {
        assertThat(c.interaction().isOpen()).isFalse();
        java.time.Instant from = opened.get(c.interaction().id());
        assertThat(from).as(c.interaction().id()).isNotNull();
        closedCount++;
        if (java.time.Duration.between(from, c.at()).toDays() >= 3) {
          longOpen++;
        }
      }
    }
    // about one complaint in four waits days for its close
    assertThat((double) longOpen / closedCount).isBetween(0.15, 0.35);
  }

  @Test
  void events_referrersJoinedBeforeTheirFriends() {
    List<SimEvent> a = new SalonSimulation(42, 2000, 12, START).events();
    java.util.Set<String> joined = new java.util.HashSet<>();
    long referred = 0;
    for (SimEvent e : a) {
      if (e instanceof SimEvent.Joined j) {
        if (!j.referrer().isEmpty()) {
          referred++;
          assertThat(joined).as(j.customer().id().value()).contains(j.referrer());
        }
        joined.add(j.customer().id().value());
      }
    }
    assertThat((double) referred / 2000).isBetween(0.04, 0.10);
  }

  @Test
  void surveyAnswer_isDeterministic_followsTheOutcome_andComesAfterTheSurvey() {
    SalonSimulation sim = new SalonSimulation(42, 2000, 12, START);
    List<SimEvent.ComplaintClosed> closed =
        sim.events().stream()
            .filter(e -> e instanceof SimEvent.ComplaintClosed)
            .map(e -> (SimEvent.ComplaintClosed) e)
            .toList();
    java.util.Map<InteractionOutcome, long[]> byOutcome =
        new java.util.EnumMap<>(InteractionOutcome.class); // answered, asked, satisfier answers
    long bySms = 0;
    for (SimEvent.ComplaintClosed c : closed) {
      Channel channel = c.interaction().id().hashCode() % 2 == 0 ? Channel.SMS : Channel.EMAIL;
      var answer = sim.surveyAnswer(c.interaction(), c.at(), channel);
      assertThat(
              new SalonSimulation(42, 2000, 12, START)
                  .surveyAnswer(c.interaction(), c.at(), channel))
          .isEqualTo(answer);
      long[] n =
          byOutcome.computeIfAbsent(c.interaction().outcome().orElseThrow(), o -> new long[3]);
      n[1]++;
      if (answer.isPresent()) {
        SimEvent.SurveyAnswered s = answer.get();
        n[0]++;
        assertThat(s.at()).isAfter(c.at()).isBefore(sim.end());
        assertThat(s.member()).isEqualTo(c.interaction().customerId());
        assertThat(s.factors()).hasSize(1);
        if (FactorCatalogue.defaults().find(s.factors().get(0).code()).orElseThrow().kind()
            == FactorKind.SATISFIER) {
          n[2]++;
        }
        if (s.bySms()) {
          bySms++;
          assertThat(channel).isEqualTo(Channel.SMS);
        }
      }
    }
    long[] resolved = byOutcome.get(InteractionOutcome.RESOLVED);
    long[] unresolved = byOutcome.get(InteractionOutcome.UNRESOLVED);
    // about two in five answer; a resolved case mostly earns praise, an unresolved one blame
    assertThat((double) resolved[0] / resolved[1]).isBetween(0.3, 0.6);
    assertThat((double) resolved[2] / resolved[0]).isGreaterThan(0.7);
    assertThat((double) unresolved[2] / unresolved[0]).isLessThan(0.3);
    assertThat(bySms).isPositive();
  }

  @Test
  void constructor_outOfRange_throwsNamingTheValue() {
    assertThatThrownBy(() -> new SalonSimulation(1, 0, 12, START)).hasMessageContaining("members");
    assertThatThrownBy(() -> new SalonSimulation(1, 10, 0, START)).hasMessageContaining("months");
  }
}
