package dev.care.rules.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class DayBucketsTest {
  private static final int D1900 = (int) LocalDate.of(1900, 1, 1).toEpochDay();
  private static final int D9999 = (int) LocalDate.of(9999, 12, 31).toEpochDay();

  @Test
  void collect_rangeAcrossPages_returnsTheCustomersOnThoseDaysOnly() {
    DayBuckets b =
        new DayBuckets(
            row -> {
              throw new AssertionError("no deferred moves here");
            });
    b.add(D1900, 1);
    b.add(20000, 2);
    b.add(20000 + DayBuckets.PAGE, 3);
    b.add(D9999, 4);
    b.add(Columns.NEVER, 5);
    RoaringBitmap into = new RoaringBitmap();
    assertThat(b.collect(20000, 20000 + DayBuckets.PAGE, into)).isEqualTo(2);
    assertThat(into.toArray()).containsExactly(2, 3);
    RoaringBitmap all = new RoaringBitmap();
    assertThat(b.collect(Long.MIN_VALUE, Long.MAX_VALUE, all)).isEqualTo(5);
    assertThat(all.toArray()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void moved_isAppliedByTheNextCollect_onceAndToTheDayTheRowHoldsThen() {
    int[] day = new int[200];
    java.util.Arrays.fill(day, 20000);
    DayBuckets b = new DayBuckets(row -> day[row]);
    for (int row = 0; row < day.length; row++) {
      b.add(20000, row);
    }
    // rows 0..99 change twice (20000 -> 20001 -> 20002), row 150 changes and changes back
    for (int row = 0; row < 100; row++) {
      day[row] = 20001;
      b.moved(row, 20000);
      day[row] = 20002;
      b.moved(row, 20001);
    }
    day[150] = 30000;
    b.moved(150, 20000);
    day[150] = 20000;
    b.moved(150, 30000);
    RoaringBitmap on20000 = new RoaringBitmap();
    b.collect(20000, 20000, on20000);
    assertThat(on20000.getCardinality()).isEqualTo(100);
    assertThat(on20000.contains(150)).isTrue();
    RoaringBitmap later = new RoaringBitmap();
    b.collect(20001, 40000, later);
    assertThat(later).isEqualTo(RoaringBitmap.bitmapOfRange(0, 100));
    // applied once: a second collect sees the same, and new moves are tracked again
    day[7] = 20000;
    b.moved(7, 20002);
    RoaringBitmap again = new RoaringBitmap();
    b.collect(20000, 20000, again);
    assertThat(again.getCardinality()).isEqualTo(101);
  }

  @Test
  void collect_afterRemove_skipsTheEmptiedDay() {
    DayBuckets b =
        new DayBuckets(
            row -> {
              throw new AssertionError("no deferred moves here");
            });
    b.add(20000, 7);
    b.remove(20000, 7);
    b.remove(30000, 7);
    RoaringBitmap into = new RoaringBitmap();
    assertThat(b.collect(0, 40000, into)).isZero();
    assertThat(into.isEmpty()).isTrue();
  }

  @Test
  void collect_emptyOrInvertedRange_visitsNothing() {
    DayBuckets b =
        new DayBuckets(
            row -> {
              throw new AssertionError("no deferred moves here");
            });
    b.add(20000, 1);
    RoaringBitmap into = new RoaringBitmap();
    assertThat(b.collect(20001, 20000, into)).isZero();
    assertThat(b.collect(Columns.NEVER + 1L, D1900 - 1L, into)).isZero();
    assertThat(into.isEmpty()).isTrue();
  }
}
