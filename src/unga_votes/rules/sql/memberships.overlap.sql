-- A state's membership spells never overlap (reported on the later line).
SELECT 'memberships', b._line, b._key, 'admitted',
       'no overlap with the spell from ' || a.admitted || ' (line ' || a._line || ')',
       b.admitted || ' to ' || coalesce(CAST(b."left" AS VARCHAR), 'now'), NULL
FROM memberships a JOIN memberships b ON a.state = b.state AND a._line < b._line
WHERE a.admitted < coalesce(b."left", DATE '9999-12-31')
  AND b.admitted < coalesce(a."left", DATE '9999-12-31')
