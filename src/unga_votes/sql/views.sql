-- Views and macros of the release database: the common questions, answered once.
-- (roll_call_results and members_on are the data model's own: see their files.)

CREATE VIEW votes_named AS
SELECT v.roll_call, r.date, r.date_precision, r.session, r.resolution, v.state,
       n.name AS state_name, v.vote
FROM votes v
JOIN roll_calls r USING (roll_call)
LEFT JOIN state_names n
  ON n.state = v.state AND n.kind = 'official' AND in_period(r.date, n.valid_from, n.valid_to);
COMMENT ON VIEW votes_named IS 'Every vote with the roll call''s date (and its precision), session and resolution symbol, and the state''s official name on that day (for a date of month precision, on the day written).';

CREATE VIEW state_session_shares AS
SELECT v.state, r.session, min(r.date) AS first_date, count(*) AS roll_calls,
       count(*) FILTER (WHERE v.vote = 'Y') AS yes,
       count(*) FILTER (WHERE v.vote = 'N') AS no,
       count(*) FILTER (WHERE v.vote = 'A') AS abstain,
       count(*) FILTER (WHERE v.vote = 'X') AS non_voting,
       round(count(*) FILTER (WHERE v.vote = 'Y')
             / nullif(count(*) FILTER (WHERE v.vote <> 'X'), 0), 4) AS yes_share,
       round(count(*) FILTER (WHERE v.vote = 'X') / count(*), 4) AS non_voting_share
FROM votes v JOIN roll_calls r USING (roll_call)
GROUP BY v.state, r.session;
COMMENT ON VIEW state_session_shares IS 'Per state and session: roll calls, votes of each kind, the yes share of votes cast (Y/(Y+N+A)) and the share of roll calls not voted.';

CREATE MACRO agreement(state_a, state_b) AS TABLE
SELECT r.session, min(r.date) AS first_date, count(*) AS both_voted,
       count(*) FILTER (WHERE a.vote = b.vote) AS same_vote,
       round(count(*) FILTER (WHERE a.vote = b.vote) / count(*), 4) AS agreement
FROM votes a
JOIN votes b ON b.roll_call = a.roll_call
JOIN roll_calls r ON r.roll_call = a.roll_call
WHERE a.state = state_a AND b.state = state_b AND a.vote <> 'X' AND b.vote <> 'X'
GROUP BY r.session
ORDER BY first_date;

COMMENT ON MACRO TABLE agreement IS 'agreement(state_a, state_b): per session, the roll calls both states voted in (Y, N or A), how often they voted alike, and the share.';
COMMENT ON MACRO TABLE members_on IS 'members_on(date): the member states on that day, with their official names then.';
