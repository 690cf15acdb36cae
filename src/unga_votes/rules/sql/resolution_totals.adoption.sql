-- The totals of resolution_totals are those of a non-recorded vote: a recorded vote's are its
-- roll call's, and a resolution adopted without a vote has none.
SELECT 'resolution_totals', t._line, t._key, 'resolution',
       'a resolution adopted by a non-recorded vote',
       t.resolution || ' (adopted ' || r.adoption || ')', NULL
FROM resolution_totals t JOIN resolutions r ON r.resolution = t.resolution
WHERE r.adoption <> 'non-recorded vote'
