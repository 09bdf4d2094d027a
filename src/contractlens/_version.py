"""The tool's version, a constant every stage and reporter may read."""

__version__ = "0.1.0"
