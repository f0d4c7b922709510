package dev.care.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A new user's first ten minutes, from the README's own text: a fresh Maven project gets the
 * README's Maven coordinates, a {@code Main} made of the quick start's imports and body, and (for
 * the modular run) a {@code module-info.java} that requires {@code dev.care.rules}; it is compiled
 * by a forked {@code mvn -o} against this build's jars and run with {@code java}, on the class path
 * and on the module path.
 *
 * <p>The care artifacts of this build are copied into a local repository under {@code
 * target/readme-consumer/m2}; every other group there is a link to the build's own local repository
 * (read, never written: the build is offline and finds everything already there).
 */
class ReadmeQuickStartIT {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final Path WORK = Path.of("target/readme-consumer").toAbsolutePath();
  static final String VERSION = System.getProperty("care.version", "0.1.0-SNAPSHOT");

  /** The published modules whose jars the consumer may resolve. */
  static final List<String> PUBLISHED =
      List.of(
          "care-core",
          "care-storage-spi",
          "care-storage-tck",
          "care-storage-jdbc",
          "care-segments",
          "care-analytics",
          "care-rules");

  static Path repo;

  @BeforeAll
  static void installThisBuildIntoALocalRepository() throws IOException {
    repo = WORK.resolve("m2");
    deleteRecursively(WORK);
    Path shared = Path.of(System.getProperty("care.localRepository", defaultLocalRepository()));
    Files.createDirectories(repo.resolve("dev"));
    try (Stream<Path> groups = Files.list(shared)) {
      for (Path g : groups.toList()) {
        if (!g.getFileName().toString().equals("dev")) {
          Files.createSymbolicLink(repo.resolve(g.getFileName().toString()), g);
        }
      }
    }
    try (Stream<Path> devGroups = Files.list(shared.resolve("dev"))) {
      for (Path g : devGroups.toList()) {
        if (!g.getFileName().toString().equals("care")) {
          Files.createSymbolicLink(repo.resolve("dev").resolve(g.getFileName().toString()), g);
        }
      }
    }
    install("care-parent", ROOT.resolve("pom.xml"), null);
    install("care-bom", ROOT.resolve("care-bom/pom.xml"), null);
    for (String module : PUBLISHED) {
      Path jar = ROOT.resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
      assertThat(jar).as("built by the reactor before this test").exists();
      install(module, ROOT.resolve(module).resolve("pom.xml"), jar);
    }
  }

  @Test
  @DisplayName("the README quick start runs as pasted in a plain Maven project (class path)")
  void quickStart_onTheClassPath_runs() throws Exception {
    Path project = consumerProject("plain", false);
    String out = run(project, List.of("-cp", classPath(project), "consumer.Main"));
    assertQuickStartOutput(out);
  }

  @Test
  @DisplayName("the README quick start runs as pasted in a modular application (module path)")
  void quickStart_onTheModulePath_runs() throws Exception {
    Path project = consumerProject("modular", true);
    String out = run(project, List.of("-p", classPath(project), "-m", "consumer/consumer.Main"));
    assertQuickStartOutput(out);
  }

  private static void assertQuickStartOutput(String out) {
    // the values the README's comments promise: 45 points pending, MEMBER, e-bill and welcome
    assertThat(out)
        .contains("PointsBalance[posted=45, pending=45")
        .contains("MEMBER")
        .contains("E_BILL")
        .contains("WELCOME");
  }

  /** Writes the consumer project from the README's text and builds it offline. */
  private static Path consumerProject(String name, boolean modular) throws Exception {
    List<String> readme = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    List<List<String>> quickStart = blocks(section(readme, "## Quick start"), "```java");
    assertThat(quickStart).as("the quick start: an imports block, then the body").hasSize(2);
    List<List<String>> coordinates = blocks(section(readme, "## Maven coordinates"), "```xml");
    assertThat(coordinates).as("the Maven coordinates block").hasSize(1);

    Path project = WORK.resolve(name);
    Path src = project.resolve("src/main/java/consumer");
    Files.createDirectories(src);
    String pom =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>consumer</groupId>
          <artifactId>consumer</artifactId>
          <version>1</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
        %s
          <build>
            <plugins>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.14.1</version></plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.9.0</version></plugin>
            </plugins>
          </build>
        </project>
        """
            .formatted(String.join("\n", coordinates.get(0)));
    Files.writeString(project.resolve("pom.xml"), pom);
    String main =
        "package consumer;\n\n"
            + String.join("\n", quickStart.get(0))
            + "\n\npublic class Main {\n  public static void main(String[] args) {\n"
            + String.join("\n", quickStart.get(1))
            + "\n    System.out.println(points);\n    System.out.println(tier);\n"
            + "    care.forEach(a -> System.out.println(a.kind()));\n  }\n}\n";
    Files.writeString(src.resolve("Main.java"), main);
    if (modular) {
      Files.writeString(
          project.resolve("src/main/java/module-info.java"),
          "module consumer {\n  requires dev.care.rules;\n}\n");
    }
    exec(
        project,
        List.of(
            mvn(),
            "-B",
            "-o",
            "-q",
            "-Dmaven.repo.local=" + repo,
            "compile",
            "dependency:build-classpath",
            "-DincludeScope=runtime",
            "-Dmdep.outputFile=" + project.resolve("classpath.txt")));
    return project;
  }

  private static String classPath(Path project) throws IOException {
    return project.resolve("target/classes")
        + java.io.File.pathSeparator
        + Files.readString(project.resolve("classpath.txt")).strip();
  }

  private static String run(Path project, List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(args);
    return exec(project, command);
  }

  private static String exec(Path dir, List<String> command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished: %s", command).isTrue();
    assertThat(p.exitValue()).as("exit status of %s; output:%n%s", command, out).isZero();
    return out;
  }

  private static String mvn() {
    String home = System.getProperty("maven.home");
    return home == null || home.isBlank() ? "mvn" : Path.of(home, "bin", "mvn").toString();
  }

  private static String defaultLocalRepository() {
    return Path.of(System.getProperty("user.home"), ".m2", "repository").toString();
  }

  /** The lines of a README section, from its heading to the next heading of the same level. */
  static List<String> section(List<String> readme, String heading) {
    int start = readme.indexOf(heading);
    assertThat(start).as("README section %s", heading).isNotNegative();
    int end = start + 1;
    while (end < readme.size() && !readme.get(end).startsWith("## ")) {
      end++;
    }
    return readme.subList(start + 1, end);
  }

  /** The fenced blocks opened by the fence given, in order. */
  static List<List<String>> blocks(List<String> lines, String fence) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(fence)) {
        List<String> block = new ArrayList<>();
        for (i++; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
          block.add(lines.get(i));
        }
        out.add(block);
      }
    }
    return out;
  }

  private static void install(String artifactId, Path pom, Path jar) throws IOException {
    Path dir = repo.resolve("dev/care").resolve(artifactId).resolve(VERSION);
    Files.createDirectories(dir);
    Files.copy(
        pom, dir.resolve(artifactId + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    if (jar != null) {
      Files.copy(
          jar,
          dir.resolve(artifactId + "-" + VERSION + ".jar"),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      // Files.walk does not follow links, so the linked shared repository is never entered
      for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
