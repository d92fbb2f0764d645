"""RESULTS: the records a run produces (profile, ranking, verdict, comparison): built,
serialised, exported and read back."""
