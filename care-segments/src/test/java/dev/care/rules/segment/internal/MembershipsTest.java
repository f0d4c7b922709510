package dev.care.rules.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.care.rules.testing.Pbt;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class MembershipsTest {

  /** The bitmap the membership words describe for a segment. */
  private static RoaringBitmap fromWords(Memberships m, int s, int rows) {
    RoaringBitmap b = new RoaringBitmap();
    for (int row = 0; row < rows; row++) {
      if (m.contains(s, row)) {
        b.add(row);
      }
    }
    return b;
  }

  @Nested
  @DisplayName("pending flips")
  class PendingFlips {
    @Test
    void rowFlippedTwiceBetweenReads_leavesTheBitmapUnchanged() {
      Memberships m = new Memberships(2);
      m.ensureCapacity(100);
      m.set(1, 5, true);
      m.set(1, 70, true);
      RoaringBitmap before = m.bitmap(1).clone();
      assertThat(before.toArray()).containsExactly(5, 70);

      assertThat(m.set(1, 7, true)).isTrue();
      assertThat(m.set(1, 7, false)).isTrue();
      assertThat(m.set(1, 5, false)).isTrue();
      assertThat(m.set(1, 5, true)).isTrue();
      assertThat(m.pending(1)).isEqualTo(4);
      assertThat(m.count(1)).isEqualTo(2);

      assertThat(m.bitmap(1)).isEqualTo(before);
      assertThat(m.pending(1)).isZero();
      assertThat(m.bitmap(0).isEmpty()).isTrue();
      assertThat(m.consistent(100)).isTrue();
    }

    @Test
    void setToTheCurrentValue_queuesNothing() {
      Memberships m = new Memberships(1);
      m.ensureCapacity(10);
      assertThat(m.set(0, 3, false)).isFalse();
      assertThat(m.pending(0)).isZero();
      assertThat(m.set(0, 3, true)).isTrue();
      assertThat(m.set(0, 3, true)).isFalse();
      assertThat(m.pending(0)).isEqualTo(1);
    }

    @Test
    void thresholdReached_flushesInsideTheWrite() {
      Memberships m = new Memberships(3, 8);
      m.ensureCapacity(1000);
      for (int row = 0; row < 7; row++) {
        m.set(2, row * 100, true);
      }
      assertThat(m.pending(2)).isEqualTo(7);
      m.set(2, 999, true);
      // the eighth flip filled the queue: applied by the write, no read involved
      assertThat(m.pending(2)).isZero();
      assertThat(m.pending(0)).isZero();
      assertThat(m.count(2)).isEqualTo(8);
      assertThat(m.bitmap(2).toArray()).containsExactly(0, 100, 200, 300, 400, 500, 600, 999);
    }

    @Test
    void randomWordsWithSmallThresholds_bitmapsEqualWordsAndQueuesStayBelowTheThreshold() {
      Pbt.qt(10)
          .forAll(longs().all())
          .checkAssert(
              seed -> {
                Random r = new Random(seed);
                int segments = 1 + r.nextInt(r.nextBoolean() ? 8 : 140);
                int threshold = 1 + r.nextInt(r.nextBoolean() ? 4 : 300);
                int rows = 1 + r.nextInt(r.nextBoolean() ? 50 : 140_000);
                Memberships m = new Memberships(segments, threshold);
                m.ensureCapacity(rows);
                for (int step = 0; step < 3000; step++) {
                  int row = r.nextInt(Math.min(rows, 1 + r.nextInt(64) * 1000));
                  int k = r.nextInt(m.stride());
                  int inWord = Math.min(64, segments - 64 * k);
                  long defined = inWord == 64 ? -1L : (1L << inWord) - 1;
                  m.setWord(row, k, m.word(row, k) ^ (r.nextLong() & r.nextLong() & defined));
                  for (int s = 0; s < segments; s++) {
                    assertThat(m.pending(s)).isLessThan(threshold);
                  }
                }
                assertThat(m.consistent(rows)).isTrue();
              });
    }

    @Test
    void countsEqualBitmapCardinalities_afterRandomSetsReadsAndReplaces() {
      Pbt.qt(10)
          .forAll(longs().all())
          .checkAssert(
              seed -> {
                Random r = new Random(seed);
                int segments = 1 + r.nextInt(70);
                int rows = 1 + r.nextInt(r.nextBoolean() ? 500 : 140_000);
                Memberships m = new Memberships(segments, 1 + r.nextInt(2000));
                m.ensureCapacity(rows);
                for (int step = 0; step < 2000; step++) {
                  int s = r.nextInt(segments);
                  switch (r.nextInt(40)) {
                    case 0 -> assertThat(m.bitmap(s).getCardinality()).isEqualTo(m.count(s));
                    case 1 -> {
                      RoaringBitmap fresh = new RoaringBitmap();
                      for (int i = r.nextInt(300); i > 0; i--) {
                        fresh.add(r.nextInt(rows));
                      }
                      if (r.nextBoolean()) {
                        m.replace(s, fresh);
                      } else {
                        m.replace(s, fresh, m.bitmap(s).equals(fresh));
                      }
                      assertThat(fromWords(m, s, rows)).isEqualTo(m.bitmap(s));
                    }
                    default -> m.set(s, r.nextInt(rows), r.nextBoolean());
                  }
                }
                long total = 0;
                for (int s = 0; s < segments; s++) {
                  total += m.count(s);
                  assertThat(m.count(s)).isEqualTo(fromWords(m, s, rows).getCardinality());
                  assertThat(m.bitmap(s).getCardinality()).isEqualTo(m.count(s));
                }
                assertThat(m.totalMembership()).isEqualTo(total);
                assertThat(m.consistent(rows)).isTrue();
              });
    }

    @Test
    void badArguments_areRejectedNamingTheValue() {
      assertThatThrownBy(() -> new Memberships(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("-1");
      assertThatThrownBy(() -> new Memberships(3, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("flushThreshold");
    }
  }

  @Nested
  @DisplayName("concurrent readers")
  class ConcurrentReaders {
    /**
     * As the engine uses it: one writer under the write lock, then several readers under the read
     * lock asking for the same segments at once, so that reader-triggered flushes race.
     */
    @Test
    void readersRacingForPendingSegments_allSeeTheWordsAndNothingThrows() throws Exception {
      int segments = 12;
      int rows = 300_000;
      int readers = 4;
      Memberships m = new Memberships(segments, 5000);
      m.ensureCapacity(rows);
      ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
      Random r = new Random(11);
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      for (int round = 0; round < 40; round++) {
        lock.writeLock().lock();
        List<RoaringBitmap> expected = new ArrayList<>();
        try {
          for (int i = 0; i < 3000; i++) {
            m.set(r.nextInt(segments), r.nextInt(rows), r.nextBoolean());
          }
          for (int s = 0; s < segments; s++) {
            expected.add(fromWords(m, s, rows));
          }
        } finally {
          lock.writeLock().unlock();
        }
        CyclicBarrier start = new CyclicBarrier(readers);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < readers; t++) {
          int first = t;
          Thread th =
              new Thread(
                  () -> {
                    try {
                      start.await();
                      lock.readLock().lock();
                      try {
                        for (int i = 0; i < segments; i++) {
                          int s = (first + i) % segments;
                          RoaringBitmap b = m.bitmap(s);
                          if (!b.equals(expected.get(s)) || b.getCardinality() != m.count(s)) {
                            failures.add(new AssertionError("segment " + s + " stale"));
                          }
                        }
                      } finally {
                        lock.readLock().unlock();
                      }
                    } catch (Throwable e) {
                      failures.add(e);
                    }
                  });
          threads.add(th);
          th.start();
        }
        for (Thread th : threads) {
          th.join();
        }
      }
      assertThat(failures).isEmpty();
      assertThat(m.consistent(rows)).isTrue();
    }
  }
}
