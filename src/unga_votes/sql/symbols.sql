-- The session a resolution symbol names: A/RES/62/167 -> 62, A/RES/ES-10/21 -> ES-10,
-- A/RES/S-27/2 -> S-27, A/RES/1514(XV) -> 15 and A/RES/1004(ES-II) -> ES-2 (through the
-- `roman` table of canonical numerals); NULL when the symbol names no session it can read.
CREATE MACRO symbol_session(s) AS
    CASE WHEN regexp_matches(s, '^A/RES/(ES-|S-)?[0-9]+/')
         THEN regexp_extract(s, '^A/RES/((ES-|S-)?[0-9]+)/', 1)
         WHEN regexp_matches(s, '\((ES-|S-)?[IVXLC]+\)')
         THEN regexp_extract(s, '\((ES-|S-)?[IVXLC]+\)', 1)
              || CAST((SELECT n FROM roman WHERE roman.r =
                       regexp_extract(s, '\((ES-|S-)?([IVXLC]+)\)', 2)) AS VARCHAR)
    END;
