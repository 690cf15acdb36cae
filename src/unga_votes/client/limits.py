"""How far `unga download` goes with a release host before giving up (each is an option)."""

from __future__ import annotations

# About 15 times the largest file of a release today (the 70 MB database): room for years of
# growth, and an endless answer is cut within seconds on a fast line.
MAX_FILE_BYTES = 1 << 30
MAX_SUMS_BYTES = 64 << 10  # SHA256SUMS is about 1 KB (a line a file)
STALL_TIMEOUT = 30.0  # seconds without a byte; a working server never pauses that long
FILE_TIMEOUT = 1800.0  # seconds for one file, retries included: 70 MB at 40 KB/s
MAX_REDIRECTS = 5  # GitHub answers with two: latest -> the tag -> its storage host
MAX_FILES = 128  # files a release may list: 3 required and a Parquet file a table (17 today)
