/**
 * Spring Boot auto-configuration of care: {@link
 * dev.care.spring.boot.autoconfigure.CareAutoConfiguration} builds a {@code CareEngine} from the
 * {@code care.*} properties ({@link dev.care.spring.boot.autoconfigure.CareProperties}) on the
 * application's {@code DataSource}, and {@link dev.care.spring.boot.autoconfigure.CareScheduler}
 * runs the nightly run and the outbox dispatcher. Add {@code dev.care:care-spring-boot-starter}
 * (and {@code care-storage-jdbc} for PostgreSQL) to a Boot application; every bean can be replaced
 * by one of the application's own.
 */
package dev.care.spring.boot.autoconfigure;
