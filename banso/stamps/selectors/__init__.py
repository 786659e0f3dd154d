"""Reads of runs, stamps and scans, scoped to the person asking."""
