-- The session written in the symbol is the session (symbol_session: sql/symbols.sql). A Roman
-- numeral that is not written the standard way (XIIII for XIV) names no session: reported,
-- never skipped.
SELECT 'resolutions', _line, _key, 'session',
       'session ' || symbol_session(resolution) || ' (from the symbol)', session, resolution
FROM resolutions
WHERE symbol_session(resolution) IS NOT NULL AND symbol_session(resolution) <> session
UNION ALL
SELECT 'resolutions', _line, _key, 'resolution',
       'a session numeral written the standard way (XIV, not XIIII)',
       regexp_extract(resolution, '\(((ES-|S-)?[IVXLC]+)\)', 1), NULL
FROM resolutions
WHERE regexp_matches(resolution, '\((ES-|S-)?[IVXLC]+\)') AND symbol_session(resolution) IS NULL
