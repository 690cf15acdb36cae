"""The user's side: download a release, verify and cache it, and query it read-only."""
