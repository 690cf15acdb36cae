-- Declared totals say where they come from.
SELECT 'roll_calls', r._line, r._key, 'totals_source', 'a source for the declared totals',
       'empty', NULL
FROM roll_calls r
WHERE r.totals_source IS NULL
  AND coalesce(r.declared_yes, r.declared_no, r.declared_abstain,
               r.declared_non_voting) IS NOT NULL
