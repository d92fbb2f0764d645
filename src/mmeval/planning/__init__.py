"""PLANNING: a study plan at the person's hours, and the road from a program to a degree."""
