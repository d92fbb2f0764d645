"""CATALOG: read program files safely, validate them against the schema, load a folder with its
warnings, and cache what was validated."""
