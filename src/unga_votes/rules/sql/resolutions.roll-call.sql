-- The roll call a resolution names adopted that resolution, on its date (of the same
-- precision), in its session.
SELECT 'resolutions', r._line, r._key, 'roll_call',
       'roll call ' || r.roll_call || ' adopting ' || r.resolution || ' on ' || r.date
       || ' (' || r.date_precision || ') in session ' || r.session,
       'roll call ' || c.roll_call || ' adopting ' || coalesce(c.resolution, 'nothing')
       || ' on ' || c.date || ' (' || c.date_precision || ') in session ' || c.session,
       NULL
FROM resolutions r JOIN roll_calls c ON c.roll_call = r.roll_call
WHERE c.resolution IS DISTINCT FROM r.resolution OR c.date <> r.date OR c.session <> r.session
   OR c.date_precision IS DISTINCT FROM r.date_precision
