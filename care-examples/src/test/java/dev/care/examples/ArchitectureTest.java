package dev.care.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The layering of {@code DESIGN.md}, checked on the main classes of every care module (this module
 * depends on all of them): core depends on nothing but the JDK; segments and analytics know neither
 * storage nor the engine; the rules and the storage SPI never see an adapter; an {@code internal}
 * package is used only inside its own module (or the modules it is exported to); no cycles between
 * packages (a package and its {@code internal} implementation count as one), and no class cycle
 * through an {@code internal} package.
 */
class ArchitectureTest {
  private static final JavaClasses CARE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.care");

  /** Package prefix of each module's code, most specific first. */
  private static final List<Map.Entry<String, String>> MODULES =
      List.of(
          Map.entry("dev.care.core", "care-core"),
          Map.entry("dev.care.storage.tck", "care-storage-tck"),
          Map.entry("dev.care.storage.jdbc", "care-storage-jdbc"),
          Map.entry("dev.care.storage", "care-storage-spi"),
          Map.entry("dev.care.rules.segment", "care-segments"),
          Map.entry("dev.care.rules.analytics", "care-analytics"),
          Map.entry("dev.care.rules", "care-rules"),
          Map.entry("dev.care.examples", "care-examples"));

  @Test
  @DisplayName("the import sees every module it checks")
  void import_seesEveryModule() {
    Set<String> seen = new TreeSet<>();
    CARE.forEach(c -> seen.add(moduleOf(c.getPackageName())));
    assertThat(seen)
        .containsAll(MODULES.stream().map(Map.Entry::getValue).toList())
        .doesNotContain("?");
  }

  @Test
  @DisplayName("care-core depends on nothing but the JDK")
  void core_dependsOnlyOnTheJdk() {
    classes()
        .that()
        .resideInAPackage("dev.care.core..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.care.core..")
        .check(CARE);
  }

  @Test
  @DisplayName(
      "segments know neither storage nor the engine: core, RoaringBitmap, Jackson, Micrometer")
  void segments_knowNeitherStorageNorEngine() {
    classes()
        .that()
        .resideInAPackage("dev.care.rules.segment..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "dev.care.core..",
            "dev.care.rules.segment..",
            "org.roaringbitmap..",
            "com.fasterxml.jackson..",
            "io.micrometer..") // the optional meters (SegmentMetrics)
        .check(CARE);
  }

  @Test
  @DisplayName("analytics know neither storage nor the engine: core and Hipparchus only")
  void analytics_knowNeitherStorageNorEngine() {
    classes()
        .that()
        .resideInAPackage("dev.care.rules.analytics..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "dev.care.core..", "dev.care.rules.analytics..", "org.hipparchus..")
        .check(CARE);
  }

  @Test
  @DisplayName("the rules never see an adapter, the kit, the Spring Boot starter or the examples")
  void rules_neverSeeAnAdapter() {
    noClasses()
        .that()
        .resideInAPackage("dev.care.rules..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.care.storage.jdbc..",
            "dev.care.storage.tck..",
            "dev.care.spring..",
            "org.springframework..",
            "dev.care.examples..")
        .check(CARE);
  }

  @Test
  @DisplayName("the storage SPI sees neither the rules nor an adapter")
  void storageSpi_seesNeitherRulesNorAdapters() {
    noClasses()
        .that(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "are in care-storage-spi",
                c -> moduleOf(c.getPackageName()).equals("care-storage-spi")))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.care.rules..",
            "dev.care.storage.jdbc..",
            "dev.care.storage.tck..",
            "dev.care.examples..")
        .check(CARE);
  }

  /**
   * Internal packages a module shares with some others by a qualified export in its {@code
   * module-info.java}: the package and the modules that may use it.
   */
  private static final Map<String, Set<String>> SHARED_INTERNALS =
      Map.of("dev.care.core.time.internal", Set.of("care-rules", "care-storage-jdbc"));

  @Test
  @DisplayName(
      "an internal package is used only inside its own module, or by the modules it is exported to")
  void internalPackages_areUsedOnlyInsideTheirModule() {
    classes()
        .should(
            new ArchCondition<JavaClass>("use internal packages of their own module only") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                String from = moduleOf(c.getPackageName());
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                  String target = d.getTargetClass().getBaseComponentType().getPackageName();
                  if (isInternal(target)
                      && target.startsWith("dev.care.")
                      && !moduleOf(target).equals(from)
                      && !SHARED_INTERNALS.getOrDefault(target, Set.of()).contains(from)) {
                    events.add(
                        SimpleConditionEvent.violated(d, from + " uses " + d.getDescription()));
                  }
                }
              }
            })
        .check(CARE);
  }

  /**
   * Package cycles that exist today: none. Gone: segment definition/codec and expression/parser;
   * event/lifecycle ({@code LifecyclePolicy.review} returns the lifecycle package's {@code
   * StageChange}; the event is made from it); ledger/wallet (the wallet's commands are ledger
   * commands in the ledger package); storage/outbox/messaging (the outbox package holds the
   * messages and the outbox SPI; delivering them, which needs the storage and the channels, is the
   * {@code dispatch} package).
   */
  static final Set<Set<String>> KNOWN_PACKAGE_CYCLES = Set.of();

  @Test
  @DisplayName("no cycles between packages (a package and its internal implementation are one)")
  void packages_areFreeOfCycles() {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (JavaClass c : CARE) {
      String from = component(c.getPackageName());
      Set<String> edges = graph.computeIfAbsent(from, k -> new TreeSet<>());
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String to = component(d.getTargetClass().getBaseComponentType().getPackageName());
        if (to.startsWith("dev.care.") && !to.equals(from)) {
          edges.add(to);
        }
      }
    }
    Set<Set<String>> cycles = new java.util.HashSet<>();
    for (Set<String> component : stronglyConnected(graph)) {
      if (component.size() > 1) {
        cycles.add(component);
      }
    }
    assertThat(cycles)
        .as(
            "package cycles (the segment definition/codec, expression/parser, event/lifecycle,"
                + " ledger/wallet and storage/outbox/messaging ones are gone)")
        .containsExactlyInAnyOrderElementsOf(KNOWN_PACKAGE_CYCLES);
  }

  @Test
  @DisplayName("no class cycle runs through an internal package")
  void internalPackages_areInNoClassCycle() {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (JavaClass c : CARE) {
      Set<String> edges = graph.computeIfAbsent(topLevel(c), k -> new TreeSet<>());
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass t = d.getTargetClass().getBaseComponentType();
        if (t.getPackageName().startsWith("dev.care.") && !topLevel(t).equals(topLevel(c))) {
          edges.add(topLevel(t));
        }
      }
    }
    List<Set<String>> offending = new ArrayList<>();
    for (Set<String> cycle : stronglyConnected(graph)) {
      boolean internal = cycle.stream().anyMatch(n -> isInternal(packageOf(n)));
      boolean api = cycle.stream().anyMatch(n -> !isInternal(packageOf(n)));
      if (cycle.size() > 1 && internal && api) {
        offending.add(cycle);
      }
    }
    assertThat(offending)
        .as("class cycles between an API type and its internal implementation")
        .isEmpty();
  }

  private static String moduleOf(String pkg) {
    for (Map.Entry<String, String> m : MODULES) {
      if (pkg.equals(m.getKey()) || pkg.startsWith(m.getKey() + ".")) {
        return m.getValue();
      }
    }
    return "?";
  }

  private static boolean isInternal(String pkg) {
    return pkg.endsWith(".internal") || pkg.contains(".internal.");
  }

  private static String component(String pkg) {
    int i = pkg.indexOf(".internal");
    return i < 0 ? pkg : pkg.substring(0, i);
  }

  private static String topLevel(JavaClass c) {
    String name = c.getBaseComponentType().getName();
    int i = name.indexOf('$');
    return i < 0 ? name : name.substring(0, i);
  }

  private static String packageOf(String className) {
    return className.substring(0, className.lastIndexOf('.'));
  }

  /** Tarjan's algorithm, iterative: the strongly connected components of the graph. */
  private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new java.util.HashSet<>();
    List<Set<String>> components = new ArrayList<>();
    int[] counter = {0};
    for (String root : graph.keySet()) {
      if (index.containsKey(root)) {
        continue;
      }
      Deque<Map.Entry<String, java.util.Iterator<String>>> work = new ArrayDeque<>();
      index.put(root, counter[0]);
      low.put(root, counter[0]++);
      stack.push(root);
      onStack.add(root);
      work.push(Map.entry(root, graph.getOrDefault(root, Set.of()).iterator()));
      while (!work.isEmpty()) {
        String v = work.peek().getKey();
        java.util.Iterator<String> it = work.peek().getValue();
        if (it.hasNext()) {
          String w = it.next();
          if (!index.containsKey(w)) {
            index.put(w, counter[0]);
            low.put(w, counter[0]++);
            stack.push(w);
            onStack.add(w);
            work.push(Map.entry(w, graph.getOrDefault(w, Set.of()).iterator()));
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.get(v), index.get(w)));
          }
        } else {
          work.pop();
          if (!work.isEmpty()) {
            String parent = work.peek().getKey();
            low.put(parent, Math.min(low.get(parent), low.get(v)));
          }
          if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
              w = stack.pop();
              onStack.remove(w);
              component.add(w);
            } while (!w.equals(v));
            components.add(component);
          }
        }
      }
    }
    return components;
  }
}
