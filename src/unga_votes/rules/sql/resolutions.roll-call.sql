-- The roll call a resolution names adopted that resolution, on its date, in its session.
SELECT 'resolutions', r._line, r._key, 'roll_call',
       'roll call ' || r.roll_call || ' adopting ' || r.resolution || ' on ' || r.date
       || ' in session ' || r.session,
       'roll call ' || c.roll_call || ' adopting ' || coalesce(c.resolution, 'nothing')
       || ' on ' || c.date || ' in session ' || c.session,
       NULL
FROM resolutions r JOIN roll_calls c ON c.roll_call = r.roll_call
WHERE c.resolution IS DISTINCT FROM r.resolution OR c.date <> r.date OR c.session <> r.session
