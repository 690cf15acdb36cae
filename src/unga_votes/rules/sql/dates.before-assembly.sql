-- No date before the Assembly's first plenary meeting (London, 1946-01-10). A date of month
-- precision breaks the rule only if its whole month lies before that day.
SELECT 'roll_calls' AS tbl, r._line, r._key, 'date' AS "column",
       'on or after 1946-01-10 (first meeting)' AS expected, CAST(r.date AS VARCHAR) AS found,
       NULL AS message
FROM roll_calls r WHERE latest_day(r.date, r.date_precision) < DATE '1946-01-10'
UNION ALL
SELECT 'resolutions', r._line, r._key, 'date', 'on or after 1946-01-10 (first meeting)',
       CAST(r.date AS VARCHAR), NULL
FROM resolutions r WHERE latest_day(r.date, r.date_precision) < DATE '1946-01-10'
UNION ALL
SELECT 'sessions', s._line, s._key, 'opened', 'on or after 1946-01-10 (first meeting)',
       CAST(s.opened AS VARCHAR), NULL
FROM sessions s WHERE s.opened < DATE '1946-01-10'
UNION ALL
SELECT 'sessions', s._line, s._key, 'closed', 'on or after 1946-01-10 (first meeting)',
       CAST(s.closed AS VARCHAR), NULL
FROM sessions s WHERE s.closed < DATE '1946-01-10'
UNION ALL
-- No one was a member before the Charter came into force (1945-10-24).
SELECT 'memberships', m._line, m._key, 'admitted', 'on or after 1945-10-24 (the Charter in force)',
       CAST(m.admitted AS VARCHAR), NULL
FROM memberships m WHERE m.admitted < DATE '1945-10-24'
