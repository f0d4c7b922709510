package dev.care.rules.segment.internal;

import dev.care.rules.segment.internal.Program.AndNode;
import dev.care.rules.segment.internal.Program.LeafRef;
import dev.care.rules.segment.internal.Program.Node;
import dev.care.rules.segment.internal.Program.NotNode;
import dev.care.rules.segment.internal.Program.OrNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import org.roaringbitmap.ArrayContainer;
import org.roaringbitmap.BitmapContainer;
import org.roaringbitmap.Container;
import org.roaringbitmap.RoaringBitmap;

/**
 * Full evaluation over the columns. The population is cut into chunks of 65,536 rows (one
 * RoaringBitmap container each); per chunk, every distinct leaf the requested segments use is
 * scanned once into a 1,024-word bitset, each segment's tree is folded with word-wise
 * and/or/and-not, and the result becomes that segment's container for the chunk. Chunks run on a
 * fork-join pool; the bitmaps are then assembled by appending containers in key order.
 */
public final class BitmapEvaluator {
  private static final int CHUNK_BITS = 16;
  private static final int CHUNK = 1 << CHUNK_BITS;
  private static final int WORDS = CHUNK >>> 6;

  private BitmapEvaluator() {}

  /**
   * Evaluates segments.
   *
   * @param p the program
   * @param c the store
   * @param segments the segment indices to evaluate
   * @param pool where chunks run; empty to run on the caller
   * @return one bitmap per requested segment, in the same order
   */
  public static RoaringBitmap[] evaluate(
      Program p, Columns c, int[] segments, java.util.Optional<ForkJoinPool> pool) {
    int n = c.size();
    int chunks = (n + CHUNK - 1) >>> CHUNK_BITS;
    Container[][] out = new Container[segments.length][chunks];
    int[] leafIds =
        Arrays.stream(segments).flatMap(s -> Arrays.stream(p.leavesOf[s])).distinct().toArray();
    if (pool.isEmpty() || chunks <= 1) {
      long[][] scratch = new long[p.leaves.length][];
      for (int k = 0; k < chunks; k++) {
        chunk(p, c, segments, leafIds, k, n, out, scratch);
      }
    } else {
      List<Callable<Void>> tasks = new ArrayList<>();
      int parallelism = pool.get().getParallelism();
      int per = (chunks + parallelism - 1) / parallelism;
      for (int from = 0; from < chunks; from += per) {
        int lo = from;
        int hi = Math.min(chunks, from + per);
        tasks.add(
            () -> {
              long[][] scratch = new long[p.leaves.length][];
              for (int k = lo; k < hi; k++) {
                chunk(p, c, segments, leafIds, k, n, out, scratch);
              }
              return null;
            });
      }
      for (java.util.concurrent.Future<Void> f : pool.get().invokeAll(tasks)) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted during segment evaluation", e);
        }
      }
    }
    RoaringBitmap[] result = new RoaringBitmap[segments.length];
    for (int s = 0; s < segments.length; s++) {
      RoaringBitmap b = new RoaringBitmap();
      for (int k = 0; k < chunks; k++) {
        if (out[s][k] != null) {
          b.append((char) k, out[s][k]);
        }
      }
      result[s] = b;
    }
    return result;
  }

  private static void chunk(
      Program p,
      Columns c,
      int[] segments,
      int[] leafIds,
      int k,
      int n,
      Container[][] out,
      long[][] leafWords) {
    int start = k << CHUNK_BITS;
    int rows = Math.min(CHUNK, n - start);
    int words = (rows + 63) >>> 6;
    long[][] scratch = new long[6][WORDS];
    for (int id : leafIds) {
      if (leafWords[id] == null) {
        leafWords[id] = new long[WORDS];
      }
      p.leaves[id].scan(c, start, rows, leafWords[id], scratch);
    }
    long lastMask = (rows & 63) == 0 ? -1L : (1L << rows) - 1;
    Stack stack = new Stack();
    for (int s = 0; s < segments.length; s++) {
      long[] dst = stack.push();
      eval(p.roots[segments[s]], leafWords, words, dst, stack);
      dst[words - 1] &= lastMask;
      out[s][k] = container(dst, words);
      stack.pop();
    }
  }

  /** Reusable word buffers, one per tree depth. */
  private static final class Stack {
    private final List<long[]> buffers = new ArrayList<>();
    private int depth;

    long[] push() {
      if (depth == buffers.size()) {
        buffers.add(new long[WORDS]);
      }
      return buffers.get(depth++);
    }

    void pop() {
      depth--;
    }
  }

  private static void eval(Node n, long[][] leaf, int words, long[] dst, Stack stack) {
    if (n instanceof LeafRef l) {
      System.arraycopy(leaf[l.id()], 0, dst, 0, words);
    } else if (n instanceof NotNode x) {
      eval(x.operand(), leaf, words, dst, stack);
      for (int w = 0; w < words; w++) {
        dst[w] = ~dst[w];
      }
    } else if (n instanceof AndNode a) {
      Node[] ops = a.operands();
      eval(ops[0], leaf, words, dst, stack);
      for (int i = 1; i < ops.length; i++) {
        Node o = ops[i];
        if (o instanceof LeafRef l) {
          long[] src = leaf[l.id()];
          for (int w = 0; w < words; w++) {
            dst[w] &= src[w];
          }
        } else if (o instanceof NotNode x && x.operand() instanceof LeafRef l) {
          long[] src = leaf[l.id()];
          for (int w = 0; w < words; w++) {
            dst[w] &= ~src[w];
          }
        } else {
          long[] tmp = stack.push();
          eval(o, leaf, words, tmp, stack);
          for (int w = 0; w < words; w++) {
            dst[w] &= tmp[w];
          }
          stack.pop();
        }
      }
    } else {
      Node[] ops = ((OrNode) n).operands();
      eval(ops[0], leaf, words, dst, stack);
      for (int i = 1; i < ops.length; i++) {
        Node o = ops[i];
        if (o instanceof LeafRef l) {
          long[] src = leaf[l.id()];
          for (int w = 0; w < words; w++) {
            dst[w] |= src[w];
          }
        } else {
          long[] tmp = stack.push();
          eval(o, leaf, words, tmp, stack);
          for (int w = 0; w < words; w++) {
            dst[w] |= tmp[w];
          }
          stack.pop();
        }
      }
    }
  }

  /** Converts a chunk's words to the smallest fitting container; null when empty. */
  static Container container(long[] words, int n) {
    int card = 0;
    for (int w = 0; w < n; w++) {
      card += Long.bitCount(words[w]);
    }
    if (card == 0) {
      return null;
    }
    if (card > 4096) {
      long[] copy = new long[WORDS];
      System.arraycopy(words, 0, copy, 0, n);
      return new BitmapContainer(copy, card);
    }
    char[] values = new char[card];
    int i = 0;
    for (int w = 0; w < n; w++) {
      long bits = words[w];
      while (bits != 0) {
        values[i++] = (char) ((w << 6) + Long.numberOfTrailingZeros(bits));
        bits &= bits - 1;
      }
    }
    return new ArrayContainer(card, values);
  }
}
