-- A resolution adopted without a vote has no roll call adopting it.
SELECT 'roll_calls', c._line, c._key, 'resolution',
       'no roll call adopting ' || r.resolution || ' (adopted without a vote)',
       'roll call ' || c.roll_call, NULL
FROM roll_calls c JOIN resolutions r ON r.resolution = c.resolution
WHERE r.adoption = 'without a vote'
