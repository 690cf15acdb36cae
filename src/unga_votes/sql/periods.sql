-- Periods, dates with a precision, and membership on a date: the one definition the rules,
-- the imports, parse-votes and the release views share.
--
-- Periods are half-open: `start` is the first day that applies, `stop` the first day that no
-- longer does (empty: still applies). Membership spells (admitted, left) and name validity
-- (valid_from, valid_to) are both periods.
--
-- A date has a precision: 'day' (that day) or 'month' (only its year and month are known; the
-- day written is not to be trusted). A date of precision 'month' stands for every day of its
-- month: comparisons accept what that month leaves possible and nothing more.
--
-- `"left"` and `"precision"` are quoted: DuckDB's parser (older ones, DuckDB-WASM's on the
-- site's SQL page among them) takes them for keywords.

CREATE MACRO in_period(d, start, stop) AS start <= d AND (stop IS NULL OR d < stop);

-- The first and the last day a date of this precision may stand for.
CREATE MACRO earliest_day(d, "precision") AS
    CASE WHEN "precision" = 'month' THEN CAST(date_trunc('month', d) AS DATE) ELSE d END;
CREATE MACRO latest_day(d, "precision") AS
    CASE WHEN "precision" = 'month'
         THEN CAST(date_trunc('month', d) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE)
         ELSE d END;

-- A state was a member on day `d` when one of its membership spells covers `d`.
CREATE MACRO member_on(admitted, "left", d) AS in_period(d, admitted, "left");

-- For a date of some precision: the spell covers at least one day it may stand for (the state
-- may have been a member), or every such day (it surely was). For 'day' both are member_on.
CREATE MACRO may_be_member(admitted, "left", d, "precision") AS
    admitted <= latest_day(d, "precision")
    AND ("left" IS NULL OR earliest_day(d, "precision") < "left");
CREATE MACRO surely_member(admitted, "left", d, "precision") AS
    admitted <= earliest_day(d, "precision")
    AND ("left" IS NULL OR latest_day(d, "precision") < "left");

-- The Charter came into force on 1945-10-24 (no membership is older); the Assembly first met
-- on 1946-01-10 (no vote, resolution or session is older).
CREATE MACRO charter_in_force() AS DATE '1945-10-24';
CREATE MACRO first_meeting() AS DATE '1946-01-10';
