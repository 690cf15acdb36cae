-- Views and macros of the release database: the common questions, answered once.

CREATE VIEW roll_call_results AS
WITH tally AS (
    SELECT roll_call,
           count(*) FILTER (WHERE vote = 'Y') AS tallied_yes,
           count(*) FILTER (WHERE vote = 'N') AS tallied_no,
           count(*) FILTER (WHERE vote = 'A') AS tallied_abstain,
           count(*) FILTER (WHERE vote = 'X') AS tallied_non_voting,
           count(*) AS members
    FROM votes GROUP BY roll_call)
SELECT r.roll_call, r.session, r.date, r.subject, r.resolution,
       r.declared_yes, r.declared_no, r.declared_abstain, r.declared_non_voting,
       t.tallied_yes, t.tallied_no, t.tallied_abstain, t.tallied_non_voting, t.members,
       coalesce(r.declared_yes = t.tallied_yes, true)
       AND coalesce(r.declared_no = t.tallied_no, true)
       AND coalesce(r.declared_abstain = t.tallied_abstain, true)
       AND coalesce(r.declared_non_voting = t.tallied_non_voting, true) AS totals_agree
FROM roll_calls r JOIN tally t USING (roll_call);
COMMENT ON VIEW roll_call_results IS 'One row per roll call: the declared totals beside the per-state tally (members = vote rows = members on the day); totals_agree is false where a declared total differs from the tally.';

CREATE VIEW votes_named AS
SELECT v.roll_call, r.date, r.session, r.resolution, v.state, n.name AS state_name, v.vote
FROM votes v
JOIN roll_calls r USING (roll_call)
LEFT JOIN state_names n
  ON n.state = v.state AND n.kind = 'official'
 AND n.valid_from <= r.date AND (n.valid_to IS NULL OR r.date < n.valid_to);
COMMENT ON VIEW votes_named IS 'Every vote with the roll call''s date, session and resolution symbol, and the state''s official name on that day.';

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

CREATE MACRO members_on(d) AS TABLE
SELECT m.state, n.name
FROM memberships m
LEFT JOIN state_names n
  ON n.state = m.state AND n.kind = 'official'
 AND n.valid_from <= d AND (n.valid_to IS NULL OR d < n.valid_to)
WHERE m.admitted <= d AND (m."left" IS NULL OR d < m."left")
ORDER BY m.state;

COMMENT ON MACRO TABLE agreement IS 'agreement(state_a, state_b): per session, the roll calls both states voted in (Y, N or A), how often they voted alike, and the share.';
COMMENT ON MACRO TABLE members_on IS 'members_on(date): the member states on that day, with their official names then.';
