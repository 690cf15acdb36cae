"""The release: the DuckDB database, the CSV bundle, Parquet files, checksums and notes."""
