-- Limits against abuse (modules/limits): attempts per key ("login-account:<name>",
-- "login-address:<ip>", "report-resident:<id>", "report-address:<ip>") in fixed windows, shared by
-- every serve process of the database. Old windows of a key are dropped when it is counted again.
CREATE TABLE rate_counters (
  key TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (key, window_start)
);
