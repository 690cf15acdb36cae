-- The session written in a meeting symbol (A/62/PV.76, A/ES-10/PV.21, A/S-27/PV.1) is the row's
-- session. Symbols of other forms (the first sessions' A/PV.123) name none and are not judged.
SELECT 'roll_calls' AS tbl, _line, _key, 'meeting' AS "column",
       'a meeting of session ' || session AS expected, meeting AS found, NULL AS message
FROM roll_calls
WHERE regexp_extract(meeting, '^A/((ES-|S-)?[1-9][0-9]*)/PV\.', 1) NOT IN ('', session)
UNION ALL
SELECT 'resolutions', _line, _key, 'meeting', 'a meeting of session ' || session, meeting, NULL
FROM resolutions
WHERE regexp_extract(meeting, '^A/((ES-|S-)?[1-9][0-9]*)/PV\.', 1) NOT IN ('', session)
