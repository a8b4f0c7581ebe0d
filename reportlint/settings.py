"""Which config applies to which file: the nearest one above it, as in Ruff and markdownlint-cli2.

Without `--config`, each file is checked under the `.reportlint.yaml` (`.yml`,
`[tool.reportlint]`) nearest above it; a config in a subfolder stands alone unless
it says `extends: ../.reportlint.yaml`. A folder named on the command line is
walked with the include/exclude of the config nearest to that folder; what the walk
finds is then grouped by each file's own nearest config. Run-wide settings
(fail-on, max-warnings, baseline, jobs) come from the config found from the current
folder. `--show-settings FILE` prints the settings of one file and where each came from.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlint.config import KEYS, Config, find_config, load_config
from reportlint.sources import discover


class Configs:
    """Configs by file, each config file loaded once."""

    def __init__(self, default: Config, adjust=None, loaded: Config | None = None) -> None:
        """`default`: for files with no config above; `adjust(cfg)`: command-line overrides on each loaded
        config; `loaded`: a config already read (the current folder's), reused rather than read again."""
        self.default = default
        self._adjust = adjust or (lambda cfg: None)
        self._by_path: dict[str, Config] = {}
        self._by_folder: dict[str, str | None] = {}
        self._real: dict[str, str] = {}  # folder as asked → its realpath
        if loaded is not None and loaded.path:
            self._by_path[os.path.realpath(loaded.path)] = loaded
        self._adjust(default)

    def for_folder(self, folder: Path) -> Config:
        given = os.fspath(folder)  # a run asks for the same folder once per file in it: resolved once
        key = self._real.get(given)
        if key is None:
            key = self._real[given] = os.path.realpath(given)
        if key not in self._by_folder:
            found = find_config(Path(key))
            self._by_folder[key] = os.path.realpath(found) if found is not None else None
        path = self._by_folder[key]
        if path is None:
            return self.default
        if path not in self._by_path:  # `_by_folder` holds each config file's path resolved
            cfg = load_config(Path(path))
            self._adjust(cfg)
            self._by_path[path] = cfg
        return self._by_path[path]

    def for_file(self, file: str) -> Config:
        return self.for_folder(Path(file).parent if file not in ("-", "<stdin>") else Path.cwd())


def plan(paths: list[str], configs: Configs, stdin_name: str | None = None) -> list[tuple[Config, list[str]]]:
    """Group the files of a run by the config nearest to each (order of first appearance kept)."""
    groups: dict[int, tuple[Config, list[str]]] = {}

    def add(cfg: Config, f: str) -> None:
        groups.setdefault(id(cfg), (cfg, []))[1].append(f)

    for p in paths:
        if p == "-":
            add(configs.for_file(stdin_name) if stdin_name else configs.default, p)
        elif os.path.isdir(p):
            walk_cfg = configs.for_folder(Path(p))
            files, missing = discover([p], walk_cfg.include, walk_cfg.exclude, walk_cfg.base_dir,
                                      walk_cfg.respect_gitignore)
            for f in files:
                add(configs.for_file(f), f)
            if not files:
                add(walk_cfg, p)  # nothing found: the run still names it (the "no files" warning)
        else:
            add(configs.for_file(p) if os.path.isdir(os.path.dirname(p) or ".") else configs.for_folder(Path.cwd()), p)
    return list(groups.values())


def _value(cfg: Config, key: str) -> object:
    attr = key.replace("-", "_")
    if key == "severity":
        return {k: str(v) for k, v in (cfg.severity_tokens or cfg.severity).items()}
    if key == "params":
        return {k: dict(v) for k, v in cfg.params.items()}
    if key == "per-file-ignores":
        return {g: list(t) for g, t in cfg.per_file_ignores}
    if key == "jobs":
        return "auto" if cfg.jobs is None else cfg.jobs
    if key == "extends":
        return None
    return getattr(cfg, attr, None)


def describe(file: str, cfg: Config, forced: bool) -> str:
    """The settings that apply to `file`, one key a line, with the file:line each came from."""
    import json

    where = cfg.path or "(no config file: defaults)"
    how = "--config" if forced else "nearest config"
    lines = [f"Settings for {file}", f"config: {where} ({how})"]
    for key in KEYS:
        if key == "extends":
            if "extends" in cfg.origins:
                lines.append(f"extends: {cfg.raw.get('extends')}    # {cfg.origins['extends']}")
            continue
        value = json.dumps(_value(cfg, key), ensure_ascii=False, default=str)
        lines.append(f"{key}: {value}    # {cfg.origins.get(key, 'default')}")
    return "\n".join(lines) + "\n"
