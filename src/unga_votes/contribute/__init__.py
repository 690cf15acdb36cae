"""Contributing: `unga diff` (what a change did, and whether it is cited) and `unga parse-votes`."""
