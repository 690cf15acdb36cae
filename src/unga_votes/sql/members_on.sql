-- members_on(date): the member states on that day, with their official names then. A date is
-- a day here; for a roll call dated to the month, see may_be_member and surely_member.
CREATE MACRO members_on(d) AS TABLE
SELECT m.state, n.name
FROM memberships m
LEFT JOIN state_names n
  ON n.state = m.state AND n.kind = 'official' AND in_period(d, n.valid_from, n.valid_to)
WHERE member_on(m.admitted, m."left", d)
ORDER BY m.state;
