-- One official name at a time (reported on the later line).
SELECT 'state_names', b._line, b._key, 'valid_from',
       'one official name at a time; ' || a.name || ' (line ' || a._line || ') applies from '
       || a.valid_from || ' to ' || coalesce(CAST(a.valid_to AS VARCHAR), 'now'),
       b.name || ' from ' || b.valid_from || ' to '
       || coalesce(CAST(b.valid_to AS VARCHAR), 'now'),
       NULL
FROM state_names a JOIN state_names b
  ON a.state = b.state AND a._line < b._line AND a.kind = 'official' AND b.kind = 'official'
WHERE a.valid_from < coalesce(b.valid_to, DATE '9999-12-31')
  AND b.valid_from < coalesce(a.valid_to, DATE '9999-12-31')
