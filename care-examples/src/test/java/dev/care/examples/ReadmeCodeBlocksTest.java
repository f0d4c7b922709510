package dev.care.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block in the README compiles, because it is copied from a source that does:
 * its non-blank lines must appear one after another, verbatim (ignoring indentation and trailing
 * spaces), in a file under {@code care-examples/src} or in one of the {@link #ALSO} sources. When
 * you change a README snippet, change the example it comes from, or the other way round.
 */
class ReadmeCodeBlocksTest {
  /** Sources outside care-examples that README blocks may quote (files or folders). */
  static final List<String> ALSO =
      List.of(
          "care-storage-tck/src/test/java/dev/care/storage/tck/InMemoryStorageTckTest.java",
          "care-rules/src/test/java/dev/care/rules/engine/metrics/CareEngineMetricsTest.java",
          "care-rules/src/test/java/dev/care/rules/engine/CareEventsTest.java",
          "care-storage-jdbc/src/test/java",
          "care-messaging-kafka/src/test/java",
          "care-spring-boot-starter/src/test/java");

  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  /** A fenced java block: the README line of its opening fence, and its lines. */
  record Block(int fenceLine, List<String> lines) {
    /** The block's non-blank lines, trimmed, with their README line numbers. */
    List<Line> code() {
      List<Line> out = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).isBlank()) {
          out.add(new Line(fenceLine + 1 + i, lines.get(i).strip()));
        }
      }
      return out;
    }
  }

  /** A line of code and where it is. */
  record Line(int number, String text) {}

  /** A source file's non-blank lines, trimmed. */
  record Source(String name, List<String> lines) {
    static Source of(Path root, Path file) {
      try {
        return new Source(
            root.relativize(file).toString(),
            Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .map(String::strip)
                .toList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Every ```java block of a Markdown text, in order. */
  static List<Block> javaBlocks(List<String> markdown) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < markdown.size(); i++) {
      if (markdown.get(i).strip().equals("```java")) {
        int start = i;
        List<String> lines = new ArrayList<>();
        for (i++; i < markdown.size() && !markdown.get(i).strip().startsWith("```"); i++) {
          lines.add(markdown.get(i));
        }
        blocks.add(new Block(start + 1, lines));
      }
    }
    return blocks;
  }

  /**
   * Finds a block in the sources.
   *
   * @return empty if some source holds all its lines in a row, else why not
   */
  static Optional<String> problem(Block block, List<Source> sources) {
    List<Line> code = block.code();
    if (code.isEmpty()) {
      return Optional.of("README.md line " + block.fenceLine() + ": empty ```java block");
    }
    int best = -1;
    String bestSource = "";
    for (Source s : sources) {
      for (int start = 0; start < s.lines().size(); start++) {
        int n = 0;
        while (n < code.size()
            && start + n < s.lines().size()
            && s.lines().get(start + n).equals(code.get(n).text())) {
          n++;
        }
        if (n == code.size()) {
          return Optional.empty();
        }
        if (n > best) {
          best = n;
          bestSource = s.name();
        }
      }
    }
    Line missing = code.get(Math.max(best, 0));
    return Optional.of(
        "README.md line "
            + block.fenceLine()
            + ": the ```java block is not in any source; first line not found: line "
            + missing.number()
            + ": "
            + missing.text()
            + (best > 0
                ? " (closest: " + bestSource + ", which has the " + best + " before)"
                : ""));
  }

  static List<Source> sources() throws IOException {
    List<Path> roots = new ArrayList<>();
    roots.add(ROOT.resolve("care-examples/src"));
    ALSO.stream().map(ROOT::resolve).filter(Files::exists).forEach(roots::add);
    List<Source> sources = new ArrayList<>();
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        files
            .filter(Files::isRegularFile)
            .filter(f -> f.toString().endsWith(".java"))
            .sorted()
            .forEach(f -> sources.add(Source.of(ROOT, f)));
      }
    }
    return sources;
  }

  static List<Block> readmeBlocks() throws IOException {
    return javaBlocks(Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
  }

  @TestFactory
  Stream<DynamicTest> readme_everyJavaBlock_isCopiedFromACompiledSource() throws IOException {
    List<Source> sources = sources();
    return readmeBlocks().stream()
        .map(
            b ->
                DynamicTest.dynamicTest(
                    "README.md line " + b.fenceLine(),
                    () -> problem(b, sources).ifPresent(p -> fail(p))));
  }

  @Test
  void readme_quickStart_isTheBodyOfQuickStartJava() throws IOException {
    List<String> readme = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    int heading = readme.indexOf("## Quick start");
    assertThat(heading).as("README has a '## Quick start' section").isNotNegative();
    // the section shows the imports first, then the body: the body is what must stay short
    Block quickStart =
        javaBlocks(readme).stream()
            .filter(b -> b.fenceLine() > heading)
            .filter(b -> !b.code().get(0).text().startsWith("import "))
            .findFirst()
            .orElseThrow();
    Source file =
        Source.of(
            ROOT,
            ROOT.resolve(
                "care-examples/src/main/java/dev/care/examples/quickstart/QuickStart.java"));
    assertThat(problem(quickStart, List.of(file))).isEmpty();
    assertThat(quickStart.code()).hasSizeLessThanOrEqualTo(15);
  }

  @Test
  void readme_hasTheBlocksThisTestIsAbout() throws IOException {
    assertThat(readmeBlocks()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(sources()).extracting(Source::name).contains(ALSO.get(0));
  }

  @Test
  void problem_missingLine_namesTheBlocksLineAndTheFirstLineNotFound() {
    List<Block> blocks =
        javaBlocks(
            List.of(
                "# Title",
                "",
                "```java",
                "  int a = 1;",
                "",
                "int b = 2;   ",
                "int c = 4;",
                "```",
                "```",
                "not java",
                "```"));
    assertThat(blocks)
        .containsExactly(new Block(3, List.of("  int a = 1;", "", "int b = 2;   ", "int c = 4;")));
    Source source =
        new Source("Example.java", List.of("int z = 0;", "int a = 1;", "int b = 2;", "int c = 3;"));

    assertThat(problem(blocks.get(0), List.of(source)))
        .contains(
            "README.md line 3: the ```java block is not in any source; first line not found:"
                + " line 7: int c = 4; (closest: Example.java, which has the 2 before)");
    Source fixed = new Source("Fixed.java", List.of("int a = 1;", "int b = 2;", "int c = 4;", "}"));
    assertThat(problem(blocks.get(0), List.of(source, fixed))).isEmpty();
  }

  @Test
  void problem_linesOutOfOrderOrApart_isNotAMatch() {
    Block block = new Block(1, List.of("a();", "b();"));
    assertThat(problem(block, List.of(new Source("X.java", List.of("b();", "a();"))))).isPresent();
    assertThat(problem(block, List.of(new Source("X.java", List.of("a();", "x();", "b();")))))
        .isPresent();
    assertThat(problem(new Block(9, List.of(" ")), List.of()))
        .contains("README.md line 9: empty ```java block");
  }
}
