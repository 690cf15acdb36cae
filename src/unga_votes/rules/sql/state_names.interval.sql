-- A name's validity ends after it starts.
SELECT 'state_names', r._line, r._key, 'valid_to', 'a date after ' || r.valid_from,
       CAST(r.valid_to AS VARCHAR), NULL
FROM state_names r WHERE r.valid_to <= r.valid_from
