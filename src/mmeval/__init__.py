"""mmeval: evaluate MicroMasters-style credentials against your goals."""

__version__ = "0.1.0"
