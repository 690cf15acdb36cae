-- A membership spell ends after it starts.
SELECT 'memberships', r._line, r._key, 'left', 'a date after ' || r.admitted,
       CAST(r."left" AS VARCHAR), NULL
FROM memberships r WHERE r."left" <= r.admitted
