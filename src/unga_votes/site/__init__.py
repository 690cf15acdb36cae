"""`unga site`: a static site of a release (pages, charts, vote maps, SQL in the browser)."""
