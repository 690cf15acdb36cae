-- No date before the Assembly's first plenary meeting (London: first_meeting()). A date of month
-- precision breaks the rule only if its whole month lies before that day.
SELECT 'roll_calls' AS tbl, r._line, r._key, 'date' AS "column",
       'on or after ' || first_meeting() || ' (first meeting)' AS expected, CAST(r.date AS VARCHAR) AS found,
       NULL AS message
FROM roll_calls r WHERE latest_day(r.date, r.date_precision) < first_meeting()
UNION ALL
SELECT 'resolutions', r._line, r._key, 'date', 'on or after ' || first_meeting() || ' (first meeting)',
       CAST(r.date AS VARCHAR), NULL
FROM resolutions r WHERE latest_day(r.date, r.date_precision) < first_meeting()
UNION ALL
SELECT 'sessions', s._line, s._key, 'opened', 'on or after ' || first_meeting() || ' (first meeting)',
       CAST(s.opened AS VARCHAR), NULL
FROM sessions s WHERE s.opened < first_meeting()
UNION ALL
SELECT 'sessions', s._line, s._key, 'closed', 'on or after ' || first_meeting() || ' (first meeting)',
       CAST(s.closed AS VARCHAR), NULL
FROM sessions s WHERE s.closed < first_meeting()
UNION ALL
-- No one was a member before the Charter came into force (charter_in_force()).
SELECT 'memberships', m._line, m._key, 'admitted', 'on or after ' || charter_in_force() || ' (the Charter in force)',
       CAST(m.admitted AS VARCHAR), NULL
FROM memberships m WHERE m.admitted < charter_in_force()
