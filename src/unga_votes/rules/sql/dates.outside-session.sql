-- Regular session N runs from September of 1945+N into the next September (session 1, which
-- opened in London in January 1946: the year 1946). Special and emergency special sessions
-- have their days in the sessions table (rule sessions.dates). A date of month precision
-- breaks the rule only if no day of its month lies in the window.
WITH dated AS (
    SELECT 'roll_calls' AS tbl, _line, _key, session, date, date_precision FROM roll_calls
    UNION ALL
    SELECT 'resolutions', _line, _key, session, date, date_precision FROM resolutions),
regular AS (
    SELECT *, TRY_CAST(session AS INTEGER) AS n,
           earliest_day(date, date_precision) AS first_day,
           latest_day(date, date_precision) AS last_day
    FROM dated
    WHERE latest_day(date, date_precision) >= first_meeting()
      AND regexp_matches(session, '^[0-9]+$'))
SELECT tbl, _line, _key, 'date',
       'a date within session ' || session || ' (September ' || (1945 + n)
       || ' to September ' || (1946 + n) || ')',
       CAST(date AS VARCHAR), NULL
FROM regular
WHERE NOT (n = 1 AND year(first_day) <= 1946 AND year(last_day) >= 1946)
  AND (last_day < make_date(1945 + n, 9, 1) OR first_day > make_date(1946 + n, 9, 30))
