-- The tally: one row per roll call, its declared totals beside the count of each kind of vote
-- row. The release publishes this view, and the count-totals and membership-total rules are
-- checks over it, so both read the same numbers.
CREATE VIEW roll_call_results AS
WITH tally AS (
    SELECT roll_call,
           count(*) FILTER (WHERE vote = 'Y') AS tallied_yes,
           count(*) FILTER (WHERE vote = 'N') AS tallied_no,
           count(*) FILTER (WHERE vote = 'A') AS tallied_abstain,
           count(*) FILTER (WHERE vote = 'X') AS tallied_non_voting,
           count(*) AS members
    FROM votes GROUP BY roll_call)
SELECT r.roll_call, r.session, r.date, r.date_precision, r.subject, r.resolution,
       r.declared_yes, r.declared_no, r.declared_abstain, r.declared_non_voting,
       coalesce(t.tallied_yes, 0) AS tallied_yes, coalesce(t.tallied_no, 0) AS tallied_no,
       coalesce(t.tallied_abstain, 0) AS tallied_abstain,
       coalesce(t.tallied_non_voting, 0) AS tallied_non_voting,
       coalesce(t.members, 0) AS members,
       coalesce(r.declared_yes = coalesce(t.tallied_yes, 0), true)
       AND coalesce(r.declared_no = coalesce(t.tallied_no, 0), true)
       AND coalesce(r.declared_abstain = coalesce(t.tallied_abstain, 0), true)
       AND coalesce(r.declared_non_voting = coalesce(t.tallied_non_voting, 0), true)
           AS totals_agree
FROM roll_calls r LEFT JOIN tally t USING (roll_call);
COMMENT ON VIEW roll_call_results IS 'One row per roll call: the declared totals beside the per-state tally (members = vote rows: the members on the day; for a date of month precision, the states surely members that month and those admitted or gone that month that the record shows voting); totals_agree is false where a declared total differs from the tally.';
