"""The data model's rules: the catalogue, the SQL and dataframe checks, and the two ledgers."""
