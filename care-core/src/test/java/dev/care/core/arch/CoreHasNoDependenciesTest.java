package dev.care.core.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * care-core is pure domain: no runtime dependency beyond the JDK, and no import of anything but
 * {@code java.*} and its own packages. This test fails the build if either creeps in.
 */
class CoreHasNoDependenciesTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();

  @Test
  void pom_declaresOnlyTestScopedDependencies() throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    var doc = factory.newDocumentBuilder().parse(MODULE.resolve("pom.xml").toFile());
    NodeList deps = doc.getElementsByTagName("dependency");
    List<String> nonTest = new ArrayList<>();
    for (int i = 0; i < deps.getLength(); i++) {
      Element dep = (Element) deps.item(i);
      NodeList scope = dep.getElementsByTagName("scope");
      String s = scope.getLength() == 0 ? "compile" : scope.item(0).getTextContent().trim();
      if (!s.equals("test")) {
        nonTest.add(dep.getElementsByTagName("artifactId").item(0).getTextContent() + ":" + s);
      }
    }
    assertThat(nonTest).as("care-core must not gain a non-test dependency").isEmpty();
  }

  @Test
  void mainSources_importOnlyJdkAndCore() throws IOException {
    Pattern importLine = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    List<String> offenders = new ArrayList<>();
    Path main = MODULE.resolve("src/main/java");
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = importLine.matcher(Files.readString(f));
        while (m.find()) {
          String imported = m.group(1);
          if (!imported.startsWith("java.") && !imported.startsWith("dev.care.core")) {
            offenders.add(main.relativize(f) + " imports " + imported);
          }
        }
      }
    }
    assertThat(offenders).as("care-core may import only java.* and dev.care.core.*").isEmpty();
  }

  @Test
  void everyMainPackage_hasPackageInfo() throws IOException {
    Path main = MODULE.resolve("src/main/java");
    List<String> missing;
    try (Stream<Path> dirs = Files.walk(main)) {
      missing =
          dirs.filter(Files::isDirectory)
              .filter(d -> hasJavaFiles(d) && !Files.exists(d.resolve("package-info.java")))
              .map(d -> main.relativize(d).toString())
              .toList();
    }
    assertThat(missing).as("packages without package-info.java").isEmpty();
  }

  private static boolean hasJavaFiles(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      // module-info.java at the root describes the module, not a package
      return s.anyMatch(
          p ->
              p.toString().endsWith(".java")
                  && !p.getFileName().toString().equals("module-info.java"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
