-- Regular session N runs from September of 1945+N into the next September (session 1, which
-- opened in London in January 1946: the year 1946). Special and emergency special sessions
-- have no window here.
WITH dated AS (
    SELECT 'roll_calls' AS tbl, _line, _key, session, date FROM roll_calls
    UNION ALL
    SELECT 'resolutions', _line, _key, session, date FROM resolutions),
regular AS (
    SELECT *, TRY_CAST(session AS INTEGER) AS n FROM dated
    WHERE date >= DATE '1946-01-10' AND regexp_matches(session, '^[0-9]+$'))
SELECT tbl, _line, _key, 'date',
       'a date within session ' || session || ' (September ' || (1945 + n)
       || ' to September ' || (1946 + n) || ')',
       CAST(date AS VARCHAR), NULL
FROM regular
WHERE NOT (n = 1 AND year(date) = 1946)
  AND NOT date BETWEEN make_date(1945 + n, 9, 1) AND make_date(1946 + n, 9, 30)
