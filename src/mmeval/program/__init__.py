"""PROGRAM: one program file — its schema, what a program is, course effort, source kinds, the
rules the advice needs, and validate."""
