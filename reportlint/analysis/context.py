"""What a rule knows of the other rules of the run: the rules it defers to.

A rule whose findings another rule explains says so in its YAML (`defers_to:
[DU001]`): a numbering restart inside a pasted copy is the copy's consequence. The
engine hands such a rule the settings of each rule it defers to that runs on the
document (selected, applicable, not ignored for the file), so a rule ignored in
the run explains nothing and a rule's own params are the ones used.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Deferred(NamedTuple):
    """The rules deferred to that run on this document: (code, kind, params) each."""
    rules: tuple[tuple[str, str, Any], ...] = ()

    def settings(self, kind: str) -> Any | None:
        """The params of the first deferred-to rule of `kind`; None when none runs here."""
        for _code, k, params in self.rules:
            if k == kind:
                return params
        return None


NOTHING = Deferred()
