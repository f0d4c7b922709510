package dev.care.examples;

import dev.care.core.customer.CustomerId;
import dev.care.examples.sim.SimEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The simulated members split into groups no command crosses: a member who joined by a referral is
 * in the referrer's group (registering her names the referrer, and her first purchase rewards the
 * referrer in the same unit of work); every other command of the simulation touches its own member
 * only. Events of different groups may therefore be applied in any order, and in parallel, as long
 * as each group's events keep their order. Computed once from all events (union-find).
 */
final class MemberGroups {
  private final Map<CustomerId, Integer> index = new HashMap<>();
  private int[] parent = new int[16];
  private int size;

  /** Each member's group (the index of its first member), once all referrals are joined. */
  private int[] group = new int[0];

  private MemberGroups() {}

  /**
   * The groups of a simulation's members.
   *
   * @param events every event of the simulation
   * @return the groups
   */
  static MemberGroups of(List<SimEvent> events) {
    MemberGroups g = new MemberGroups();
    for (SimEvent e : events) {
      int member = g.indexOf(memberOf(e));
      if (e instanceof SimEvent.Joined j && !j.referrer().isEmpty()) {
        g.union(member, g.indexOf(CustomerId.of(j.referrer())));
      }
    }
    g.group = new int[g.size];
    for (int i = 0; i < g.size; i++) {
      g.group[i] = g.find(i);
    }
    return g;
  }

  /**
   * The group of an event's member: equal for two events exactly when their members are joined by
   * referrals.
   *
   * @param e an event of the simulation these groups were computed from
   * @return its group
   * @throws IllegalArgumentException if the event's member was not in that simulation
   */
  int groupOf(SimEvent e) {
    Integer i = index.get(memberOf(e));
    if (i == null) {
      throw new IllegalArgumentException(
          "member " + memberOf(e).value() + " is not in the simulation the groups came from");
    }
    return group[i];
  }

  /**
   * The member an event is about.
   *
   * @param e the event
   * @return its member
   */
  static CustomerId memberOf(SimEvent e) {
    Objects.requireNonNull(e, "event");
    if (e instanceof SimEvent.Joined j) {
      return j.customer().id();
    } else if (e instanceof SimEvent.Bought b) {
      return b.purchase().customerId();
    } else if (e instanceof SimEvent.Returned r) {
      return r.ret().customerId();
    } else if (e instanceof SimEvent.ToppedUp t) {
      return CustomerId.of(t.member());
    } else if (e instanceof SimEvent.Spent s) {
      return CustomerId.of(s.member());
    } else if (e instanceof SimEvent.ComplaintOpened c) {
      return c.interaction().customerId();
    } else if (e instanceof SimEvent.ComplaintClosed c) {
      return c.interaction().customerId();
    } else if (e instanceof SimEvent.SurveyAnswered a) {
      return a.member();
    }
    throw new IllegalArgumentException("no member known for " + e.getClass().getSimpleName());
  }

  private int indexOf(CustomerId id) {
    Integer i = index.get(id);
    if (i != null) {
      return i;
    }
    if (size == parent.length) {
      parent = java.util.Arrays.copyOf(parent, size * 2);
    }
    parent[size] = size;
    index.put(id, size);
    return size++;
  }

  private int find(int i) {
    int root = i;
    while (parent[root] != root) {
      root = parent[root];
    }
    while (parent[i] != root) {
      int next = parent[i];
      parent[i] = root;
      i = next;
    }
    return root;
  }

  private void union(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    if (ra != rb) {
      // the smaller index is the root: a group is named by its first member
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
