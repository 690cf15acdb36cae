-- An official name on every day of membership: the gaps between a spell's official names.
WITH n AS (SELECT state, valid_from f, coalesce(valid_to, DATE '9999-12-31') t
           FROM state_names WHERE kind = 'official'),
s AS (SELECT _line, _key AS k, state, admitted a, coalesce("left", DATE '9999-12-31') l
      FROM memberships m),
j AS (SELECT s.*, n.f, n.t,
             max(n.t) OVER (PARTITION BY s._line ORDER BY n.f
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev
      FROM s JOIN n ON n.state = s.state AND n.f < s.l AND s.a < n.t),
gaps AS (
    SELECT _line, k, greatest(coalesce(prev, a), a) AS g0, f AS g1 FROM j
    WHERE f > greatest(coalesce(prev, a), a)
    UNION ALL
    SELECT _line, k, max(t), any_value(l) FROM j GROUP BY _line, k
    HAVING max(t) < any_value(l)
    UNION ALL
    SELECT _line, k, a, l FROM s WHERE _line NOT IN (SELECT _line FROM j))
SELECT 'memberships', _line, k, 'state', 'an official name on every day of membership',
       'none from ' || g0 || ' to '
       || CASE WHEN g1 = DATE '9999-12-31' THEN 'now' ELSE CAST(g1 AS VARCHAR) END,
       NULL
FROM gaps
