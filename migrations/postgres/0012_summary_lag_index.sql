-- Which plans a portfolio read must summarise again, found by how far each plan's summary
-- lags its version. The partial index of 0010 (WHERE summary_version <> version) could
-- not be estimated: PostgreSQL guessed that nearly every plan matched and read the whole
-- table (7 ms of a 9 ms page at 10,000 plans, scripts/bench), while an index on the
-- expression carries statistics of its own and finds the few that lag. summary_version
-- never exceeds version (a summary records the version it read; adopting a partner lowers
-- it), so the plans to summarise are those with a lag above 0.
-- Keep in step with ../sqlite/0012_summary_lag_index.sql.
DROP INDEX plans_summary_stale;
CREATE INDEX plans_summary_lag ON plans(org_id, (version - summary_version));
