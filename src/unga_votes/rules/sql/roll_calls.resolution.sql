-- A roll call adopting a resolution by recorded vote is a vote on the resolution as a whole,
-- and the roll call the resolution names.
SELECT 'roll_calls', c._line, c._key, 'resolution',
       'subject resolution and ' || c.resolution || ' naming roll call ' || c.roll_call,
       'subject ' || c.subject || ', ' || c.resolution || ' naming roll call '
       || coalesce(CAST(r.roll_call AS VARCHAR), 'none'),
       NULL
FROM roll_calls c JOIN resolutions r ON r.resolution = c.resolution
WHERE r.adoption = 'recorded vote'
  AND (r.roll_call IS DISTINCT FROM c.roll_call OR c.subject <> 'resolution')
