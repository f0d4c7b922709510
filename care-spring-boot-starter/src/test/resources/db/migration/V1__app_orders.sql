-- the application's own migration (Boot's Flyway, schema public), beside care's in schema care
CREATE TABLE app_order (
  id BIGINT PRIMARY KEY,
  customer TEXT NOT NULL
);
