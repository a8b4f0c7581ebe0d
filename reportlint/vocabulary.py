"""The vocabulary of rules, config, reports and the CLI, defined once (click choices and validators read these).

A leaf with no classes, so the CLI can build its options without creating the records of
`diagnostics` (see codestore.py: the CLI points the store at its folder first).
"""

from __future__ import annotations

SEVERITIES = ("error", "warning", "info")  # Severity names, highest first
FAIL_ON = SEVERITIES + ("never",)
LANGUAGES = ("zh", "en")  # document and message languages
LANGUAGE_CHOICES = ("auto",) + LANGUAGES  # --language, --message-language, config `language`
DOCUMENT_FORMATS = ("md", "txt")
CATEGORIES = ("duplicate", "number", "markup", "heading", "style", "error")
REPORT_FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit", "html")  # one renderer module each

# The code prefix fixes the category (DESIGN §4).
PREFIX_CATEGORY = {
    "DU": "duplicate",
    "NU": "number",
    "MK": "markup",
    "HD": "heading",
    "TX": "style",
    "RL": "style",
    "E": "error",
}
