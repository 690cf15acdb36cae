-- members_on(date): the member states on that day, with their official names then.
CREATE MACRO members_on(d) AS TABLE
SELECT m.state, n.name
FROM memberships m
LEFT JOIN state_names n
  ON n.state = m.state AND n.kind = 'official' AND in_period(d, n.valid_from, n.valid_to)
WHERE member_on(m.admitted, m."left", d)
ORDER BY m.state;
