-- The session written in the symbol is the session (symbol_session: sql/symbols.sql).
SELECT 'resolutions', _line, _key, 'session',
       'session ' || symbol_session(resolution) || ' (from the symbol)', session, resolution
FROM resolutions
WHERE symbol_session(resolution) IS NOT NULL AND symbol_session(resolution) <> session
