-- A resolution adopted without a vote, or by a vote that was not recorded, has no roll call
-- adopting it.
SELECT 'roll_calls', c._line, c._key, 'resolution',
       'no roll call adopting ' || r.resolution || ' (adopted ' || r.adoption || ')',
       'roll call ' || c.roll_call, NULL
FROM roll_calls c JOIN resolutions r ON r.resolution = c.resolution
WHERE r.adoption IN ('without a vote', 'non-recorded vote')
