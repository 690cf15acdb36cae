-- Periods and membership on a date: the one definition the rules, the import, parse-votes and
-- the release views share.
--
-- Periods are half-open: `start` is the first day that applies, `stop` the first day that no
-- longer does (empty: still applies). Membership spells (admitted, left) and name validity
-- (valid_from, valid_to) are both periods.

CREATE MACRO in_period(d, start, stop) AS start <= d AND (stop IS NULL OR d < stop);

-- A state was a member on day `d` when one of its membership spells covers `d`.
CREATE MACRO member_on(admitted, "left", d) AS in_period(d, admitted, "left");
