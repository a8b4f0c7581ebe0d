"""Positioned YAML values and errors; the loading itself is in `_yaml_compose`.

Every mapping loaded here is a `PosDict` that remembers where each key was, so
validation errors can say `path:line:col`. Plain scalars such as `no`, `on`,
`010` or `1:30` are rejected ("quote it"): YAML 1.1 reads them as booleans,
octal or sexagesimal numbers, which is never what a rule author meant.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from reportlint.errors import ConfigError  # noqa: F401 — the old home of ConfigError, for plugins


class Pos(NamedTuple):
    line: int
    column: int


class PosDict(dict):
    """A dict that remembers the position of itself and of each key."""

    pos: Pos = Pos(1, 1)
    key_pos: dict[str, Pos]
    value_pos: dict[str, Pos]

    def where(self, key: str | None = None, value: bool = False) -> Pos:
        if key is None:
            return self.pos
        table = self.value_pos if value else self.key_pos
        return table.get(key, self.pos)


class PosList(list):
    pos: Pos = Pos(1, 1)
    item_pos: list[Pos]


def load_yaml(text: str, path: str) -> Any:
    """Positioned, trap-checked YAML; PyYAML is imported here, not at start-up (a cached run reads none)."""
    from reportlint.ruleset._yaml_compose import load

    return load(text, path)


def suggest(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    """' (did you mean X?)' when a close choice exists."""
    import difflib

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
