-- The session written in the symbol: A/RES/62/167 -> 62; A/RES/1514(XV) -> 15 (roman table).
WITH sym AS (
    SELECT r.*,
           CASE WHEN regexp_matches(r.resolution, '^A/RES/(ES-|S-)?[0-9]+/')
                THEN regexp_extract(r.resolution, '^A/RES/((ES-|S-)?[0-9]+)/', 1)
                ELSE regexp_extract(r.resolution, '\((ES-|S-)?[IVXLC]+\)', 1)
                     || CAST((SELECT n FROM roman WHERE roman.r =
                              regexp_extract(r.resolution, '\((ES-|S-)?([IVXLC]+)\)', 2))
                             AS VARCHAR)
           END AS symbol_session
    FROM resolutions r)
SELECT 'resolutions', _line, _key, 'session', 'session ' || symbol_session || ' (from the symbol)',
       session, resolution
FROM sym
WHERE symbol_session IS NOT NULL AND symbol_session <> '' AND symbol_session <> session
