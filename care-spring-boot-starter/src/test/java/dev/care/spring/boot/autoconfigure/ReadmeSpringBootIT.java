package dev.care.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.storage.CareStorage;
import dev.care.storage.jdbc.PostgresStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The README's "Spring Boot" section, run: an application with the {@code application.properties}
 * of the README (only the database address is this test's) and its {@link Checkout} service.
 */
class ReadmeSpringBootIT {
  static final Path README = Path.of("").toAbsolutePath().getParent().resolve("README.md");

  /** The README's application. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(Checkout.class)
  static class ShopApplication {}

  @Test
  void readme_applicationProperties_startAnApplicationWhoseCheckoutEarnsPoints()
      throws IOException {
    List<String> properties = readmeProperties();
    assertThat(properties).anyMatch(p -> p.startsWith("care.program="));

    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ShopApplication.class)
            .properties(properties.toArray(String[]::new))
            .run(
                "--spring.datasource.url=" + TestPostgres.newDatabaseUrl(),
                "--spring.datasource.username=" + TestPostgres.user(),
                "--spring.datasource.password=" + TestPostgres.password())) {
      assertThat(context.getBean(CareStorage.class)).isInstanceOf(PostgresStorage.class);
      assertThat(properties)
          .contains(
              "care.nightly.cron=" + context.getBean(CareScheduler.class).nightlySettings().cron());

      Checkout checkout = context.getBean(Checkout.class);
      Instant now = Instant.parse("2026-03-02T10:00:00Z");
      checkout.joined("C-1", "Ann Lee", now);
      assertThat(checkout.paid("O-1", "C-1", 4_500, now)).isEqualTo(45);
    }
  }

  /** The lines of the ```properties block in the README's "## Spring Boot" section. */
  static List<String> readmeProperties() throws IOException {
    List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
    int section = lines.indexOf("## Spring Boot");
    assertThat(section).as("README has a '## Spring Boot' section").isNotNegative();
    int fence = section;
    while (!lines.get(fence).strip().equals("```properties")) {
      fence++;
    }
    List<String> out = new ArrayList<>();
    for (int i = fence + 1; !lines.get(i).strip().startsWith("```"); i++) {
      String line = lines.get(i).strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        out.add(line);
      }
    }
    return out;
  }
}
