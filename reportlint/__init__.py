"""reportlint: a linter for long report drafts in Chinese and English."""

__version__ = "0.1.0"
