package dev.care.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.util.ClassUtils;

/**
 * Keeps Boot's own Flyway off for an application that has no migrations of its own. care brings
 * {@code flyway-core} for its own schema (migrated by care, with its own history table); on Spring
 * Boot 3 that alone switches on Boot's Flyway auto-configuration, which then creates an empty
 * {@code flyway_schema_history} in the application's schema. This post-processor sets {@code
 * spring.flyway.enabled=false} — at the lowest precedence, so any setting of the application wins —
 * when the application did not set it and no migration (SQL or Java) exists at its Flyway locations
 * ({@code spring.flyway.locations}, default {@code classpath:db/migration}). An application with
 * migrations, or with a non-class-path location, is left as it is. On Spring Boot 4, Boot's Flyway
 * support is a module of its own that care does not bring.
 */
@SuppressWarnings({"deprecation", "removal"}) // the Boot 3 interface, still read by Boot 4
public final class CareFlywayDefaults
    implements org.springframework.boot.env.EnvironmentPostProcessor {
  /** The property source this post-processor adds. */
  public static final String SOURCE = "care-flyway-defaults";

  /** For Spring's factories loader. */
  public CareFlywayDefaults() {}

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    ClassLoader loader =
        application == null || application.getClassLoader() == null
            ? ClassUtils.getDefaultClassLoader()
            : application.getClassLoader();
    if (environment.containsProperty("spring.flyway.enabled")
        || !ClassUtils.isPresent("org.flywaydb.core.Flyway", loader)
        || hasMigrations(environment, loader)) {
      return;
    }
    environment
        .getPropertySources()
        .addLast(new MapPropertySource(SOURCE, Map.of("spring.flyway.enabled", "false")));
  }

  /** Whether the application's Flyway locations hold a migration (or are not on the class path). */
  static boolean hasMigrations(ConfigurableEnvironment environment, ClassLoader loader) {
    String[] locations =
        environment.getProperty(
            "spring.flyway.locations", String[].class, new String[] {"classpath:db/migration"});
    ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(loader);
    for (String location : locations) {
      String l = location.strip();
      if (!l.startsWith("classpath:")) {
        return true; // a file system or vendor location: the application manages it
      }
      String root = "classpath*:" + l.substring("classpath:".length()).replaceAll("^/+", "");
      try {
        for (String pattern : new String[] {"/**/V*.sql", "/**/R*.sql", "/**/V*.class"}) {
          if (resolver.getResources(root + pattern).length > 0) {
            return true;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the Flyway location " + location, e);
      }
    }
    return false;
  }
}
