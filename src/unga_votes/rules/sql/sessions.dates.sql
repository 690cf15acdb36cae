-- Special (S-n) and emergency special (ES-n) sessions sit on the days the sessions table gives:
-- a roll call or resolution of one lies between its opening and its closing (today, while it
-- stands adjourned and may be resumed). A date of month precision breaks the rule only if no
-- day of its month lies in that window. A session the table does not list is reported too,
-- and so is a session whose kind its symbol contradicts or that closes before it opens.
WITH dated AS (
    SELECT 'roll_calls' AS tbl, _line, _key, session, date, date_precision FROM roll_calls
    UNION ALL
    SELECT 'resolutions', _line, _key, session, date, date_precision FROM resolutions),
special AS (
    SELECT d.*, s.session IS NOT NULL AS listed, s.opened,
           coalesce(s.closed, current_date) AS closed
    FROM dated d LEFT JOIN sessions s USING (session)
    WHERE regexp_matches(d.session, '^(ES|S)-'))
SELECT tbl, _line, _key, 'session', 'a session listed in sessions', session, NULL
FROM special WHERE NOT listed
UNION ALL
SELECT tbl, _line, _key, 'date',
       'a day session ' || session || ' sat (' || CAST(opened AS VARCHAR) || ' to '
       || CAST(closed AS VARCHAR) || ')',
       CAST(date AS VARCHAR), NULL
FROM special
WHERE listed AND (latest_day(date, date_precision) < opened
                  OR earliest_day(date, date_precision) > closed)
UNION ALL
SELECT 'sessions', _line, _key, 'closed', 'on or after ' || CAST(opened AS VARCHAR) || ' (opened)',
       CAST(closed AS VARCHAR), NULL
FROM sessions WHERE closed < opened
UNION ALL
SELECT 'sessions', _line, _key, 'kind',
       CASE WHEN session LIKE 'ES-%' THEN 'emergency special' ELSE 'special' END
       || ' (from the symbol ' || session || ')', kind, NULL
FROM sessions
WHERE kind <> CASE WHEN session LIKE 'ES-%' THEN 'emergency special' ELSE 'special' END
