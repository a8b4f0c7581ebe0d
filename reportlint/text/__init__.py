"""Text helpers shared by the checks: CJK tables, sentence splitting, enumerators."""
