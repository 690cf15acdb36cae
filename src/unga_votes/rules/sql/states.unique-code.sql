-- Each code names one state: a code held by several is reported on every row after the
-- first that holds it (a continuation coded alike by the source of the code is an exception
-- with its reason in the ledger).
WITH codes AS (
    SELECT _line, _key, state, 'iso2' AS col, iso2 AS code FROM states WHERE iso2 IS NOT NULL
    UNION ALL
    SELECT _line, _key, state, 'm49', m49 FROM states WHERE m49 IS NOT NULL
    UNION ALL
    SELECT _line, _key, state, 'cow_code', CAST(cow_code AS VARCHAR) FROM states
    WHERE cow_code IS NOT NULL),
holders AS (
    SELECT col, code, arg_min(state, _line) AS first_state, count(*) AS n
    FROM codes GROUP BY col, code)
SELECT 'states', c._line, c._key, c.col, 'a ' || c.col || ' no other state has',
       c.code || ' (also ' || h.first_state || ')', NULL
FROM codes c JOIN holders h USING (col, code)
WHERE h.n > 1 AND c.state <> h.first_state
