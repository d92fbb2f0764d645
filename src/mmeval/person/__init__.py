"""PERSON: what a person tells mmeval — a profile file, flags or the questionnaire — read into a Profile."""
