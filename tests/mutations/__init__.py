"""Mutation corpus: defect classes applied to a copy of the real package (issue 8)."""
