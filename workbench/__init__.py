"""Workbench: translation alignment and comparison for archival and literary texts."""

__version__ = "0.1.0"
