-- Adopted by recorded vote: names its roll call. Adopted by a vote that was not recorded, or
-- without a vote: names none.
SELECT 'resolutions', r._line, r._key, 'roll_call',
       CASE r.adoption WHEN 'recorded vote' THEN 'the roll call that adopted it'
            ELSE 'no roll call (adopted ' || CASE r.adoption WHEN 'without a vote'
                 THEN 'without a vote' ELSE 'by a vote that was not recorded' END || ')' END,
       coalesce(CAST(r.roll_call AS VARCHAR), 'empty'), r.adoption
FROM resolutions r
WHERE (r.adoption = 'recorded vote' AND r.roll_call IS NULL)
   OR (r.adoption IN ('without a vote', 'non-recorded vote') AND r.roll_call IS NOT NULL)
