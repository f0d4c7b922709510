package dev.care.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The versions this module's pom sets for the libraries the parent pins (Flyway, the PostgreSQL
 * driver, Jackson, Micrometer...) are the ones the Spring Boot BOM it imports manages, so the
 * starter is tested with what a Boot application gets. The build passes the BOM's path and the
 * pom's values ({@code care.boot.bom}, {@code care.boot.versions}).
 */
class BootManagedVersionsTest {
  @Test
  void pom_versionsOfPinnedLibraries_areTheBootBomsOwn() throws IOException {
    String bom = System.getProperty("care.boot.bom");
    String versions = System.getProperty("care.boot.versions");
    assumeTrue(bom != null && versions != null, "run by Maven, which passes the BOM and versions");
    String text = Files.readString(Path.of(bom), StandardCharsets.UTF_8);

    for (String entry : versions.split(",")) {
      String[] nameAndVersion = entry.split("=", 2);
      boolean managed = false;
      StringBuilder seen = new StringBuilder();
      for (String property : nameAndVersion[0].split("\\|")) {
        Matcher m =
            Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</" + Pattern.quote(property))
                .matcher(text);
        if (m.find()) {
          seen.append(property).append('=').append(m.group(1)).append(' ');
          managed |= m.group(1).equals(nameAndVersion[1]);
        }
      }
      assertThat(managed)
          .as(
              "%s in care-spring-boot-starter/pom.xml is %s; Boot %s manages %s",
              nameAndVersion[0], nameAndVersion[1], System.getProperty("care.boot.version"), seen)
          .isTrue();
    }
  }
}
