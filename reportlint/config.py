"""Configuration: `.reportlint.yaml`/`.yml` or `[tool.reportlint]`, found upward; strict keys."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlint import globs
from reportlint.diagnostics import FAIL_ON, LANGUAGE_CHOICES, LANGUAGES, SEVERITIES, Severity
from reportlint.errors import ConfigError
from reportlint.ruleset.yamlpos import PosDict, PosList, Pos, load_yaml, suggest
from reportlint.sources import DEFAULT_INCLUDE

CONFIG_NAMES = (".reportlint.yaml", ".reportlint.yml")
KEYS = ("rulesets", "select", "ignore", "severity", "params", "include", "exclude", "per-file-ignores",
        "language", "fail-on", "max-warnings", "cross-file", "jobs", "baseline", "preview",
        "respect-gitignore", "message-language", "extends", "reference-files")
DEFAULT_RULESETS = ("core", "zh", "en")


@dataclass
class Config:
    """Settings from .reportlint.yaml or [tool.reportlint], with defaults for what is not set."""
    rulesets: list[str] = field(default_factory=lambda: list(DEFAULT_RULESETS))
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)  # code → raw PosDict
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    language: str = "auto"
    fail_on: str = "error"
    max_warnings: int = -1
    cross_file: bool = False
    preview: bool = False  # also run preview rules (measured precision below 0.80)
    respect_gitignore: bool = True  # folder walks skip what git ignores
    message_language: str = "auto"  # auto (each document's language) | zh | en
    jobs: int | None = None  # None = auto
    baseline: str | None = None
    reference_files: list[str] = field(default_factory=list)  # absolute paths the reference-files globs matched
    severity_tokens: dict[str, Severity] = field(default_factory=dict)  # as written: codes, prefixes, names, categories
    raw: Any = None  # the parsed mapping with positions (PosDict), for validating tokens once rules are loaded
    origins: dict[str, str] = field(default_factory=dict)  # key → "file:line" it was set at (--show-settings)
    path: str | None = None  # the file this came from
    base_dir: Path = field(default_factory=Path.cwd)


JOBS_HELP = "jobs must be 'auto' or a positive integer"


def parse_jobs(value: object) -> int | None:
    """`auto` (None: decided per run) or N >= 1, the same on the command line (a string) and in config."""
    if value == "auto":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    raise ValueError(f"{JOBS_HELP}, not {value!r}")


def find_config(start: Path | None = None) -> Path | None:
    d = (start or Path.cwd()).resolve()
    for folder in (d, *d.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pp = folder / "pyproject.toml"
        if pp.is_file() and _pyproject_has_section(pp):
            return pp
    return None


def _pyproject_has_section(pp: Path) -> bool:
    try:
        return "[tool.reportlint" in pp.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def display_path(path: Path) -> str:
    """A config's path as messages show it: relative to the current folder when under it."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def load_config(path: Path | None, _chain: tuple[str, ...] = ()) -> Config:
    """The config in `path` (defaults for None); `extends: PARENT` starts from the parent's settings."""
    if path is None:
        return Config()
    spath = display_path(path)
    if str(Path(path).resolve()) in _chain:
        raise ConfigError(spath, 1, 1, "extends: configs extend each other in a cycle")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(spath, 1, 1, f"cannot read config: {e}") from None
    if path.name == "pyproject.toml":
        data = _load_pyproject(text, spath)
    else:
        data = load_yaml(text, spath)
    if data is None:
        data = PosDict()
        data.key_pos, data.value_pos = {}, {}
    if not isinstance(data, dict):
        raise ConfigError(spath, 1, 1, "config must be a mapping of keys: " + ", ".join(KEYS))
    parent = None
    if "extends" in data:
        ext = data["extends"]
        p = data.where("extends", True)
        if not isinstance(ext, str) or not ext.strip():
            raise ConfigError(spath, p.line, p.column, "extends must be the path of another config file")
        target = (path.parent / ext).resolve()
        if target.is_dir():
            target = next((target / n for n in CONFIG_NAMES if (target / n).is_file()), target / CONFIG_NAMES[0])
        if not target.is_file():
            raise ConfigError(spath, p.line, p.column, f"extends: {ext}: no such config file")
        parent = load_config(target, (*_chain, str(Path(path).resolve())))
    return parse_config(data, spath, path.parent, parent)


def _load_pyproject(text: str, spath: str) -> PosDict:
    try:
        import tomllib  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            raise ConfigError(spath, 1, 1, "reading [tool.reportlint] needs Python 3.11+ or the 'tomli' package; "
                                          "use .reportlint.yaml instead") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(spath, getattr(e, "lineno", 1) or 1, getattr(e, "colno", 1) or 1, f"invalid TOML: {e}") from None
    section = raw.get("tool", {}).get("reportlint", {})
    lines = text.splitlines()
    sec_line = next((i + 1 for i, l in enumerate(lines) if l.strip().startswith("[tool.reportlint")), 1)
    return _to_posdict(section, lines, sec_line)


def _to_posdict(d: dict, lines: list[str], sec_line: int) -> PosDict:
    """TOML has no positions; find each key's line after the section header, its value's column, and
    where each string of a list is written, so an error points at the token (`pyproject.toml:3:11`)."""
    out = PosDict()
    out.pos = Pos(sec_line, 1)
    out.key_pos, out.value_pos = {}, {}
    for k, v in d.items():
        line = next((i + 1 for i in range(sec_line, len(lines))
                     if lines[i].lstrip().startswith((k + " ", k + "=", f'"{k}"'))), sec_line)
        text = lines[line - 1] if line <= len(lines) else ""
        key_col = max(text.find(k), 0) + 1
        eq = text.find("=", key_col)
        value_col = eq + 2 + len(text[eq + 1 :]) - len(text[eq + 1 :].lstrip()) if eq != -1 else key_col
        out[k] = _to_posdict(v, lines, line) if isinstance(v, dict) else _toml_list(v, lines, line, value_col) \
            if isinstance(v, list) else v
        out.key_pos[k], out.value_pos[k] = Pos(line, key_col), Pos(line, value_col)
    return out


def _toml_list(items: list, lines: list[str], line: int, col: int) -> PosList:
    """A TOML array with each string item's position: its quoted text, searched for in order from the value
    on (an array may run over several lines)."""
    out = PosList(items)
    out.pos = Pos(line, col)
    out.item_pos = []
    at_line, at_col = line, col - 1
    for item in items:
        pos = Pos(at_line, at_col + 1)
        for i in range(at_line - 1, min(len(lines), at_line + 50)):
            start = at_col if i == at_line - 1 else 0
            hits = [h for h in (lines[i].find(q + str(item) + q, start) for q in '"\'') if h != -1]
            if hits:
                at_line, at_col = i + 1, min(hits) + 1  # the 1-based column of its opening quote
                pos = Pos(at_line, at_col)
                break
        out.item_pos.append(pos)
    return out


def _str_list(data: PosDict, key: str, path: str) -> list[str]:
    v = data[key]
    if isinstance(v, str):
        v = [x.strip() for x in v.split(",") if x.strip()]
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        p = data.where(key, True)
        raise ConfigError(path, p.line, p.column, f"'{key}' must be a list of strings")
    return list(v)


def _inherit(parent: Config, path: str, base_dir: Path, data: PosDict) -> Config:
    """A copy of `parent` to set this config's keys on; its rule-file paths stay relative to the parent."""
    import copy

    from reportlint.ruleset.loader import BUILTIN_RULESETS

    cfg = copy.deepcopy(dataclasses.replace(parent, raw=None))
    cfg.rulesets = [r if r in BUILTIN_RULESETS or os.path.isabs(r) else str(parent.base_dir / r) for r in parent.rulesets]
    cfg.path, cfg.base_dir, cfg.raw = path, base_dir, data
    return cfg


def parse_config(data: PosDict, path: str, base_dir: Path, parent: Config | None = None) -> Config:
    cfg = _inherit(parent, path, base_dir, data) if parent is not None else Config(path=path, base_dir=base_dir, raw=data)
    for key in data:
        p = data.where(key)
        cfg.origins[key] = f"{path}:{p.line}"
    for key in data:
        if key not in KEYS:
            p = data.where(key)
            alt = key.replace("_", "-")
            hint = f" (did you mean '{alt}'?)" if alt in KEYS else suggest(key, KEYS)
            raise ConfigError(path, p.line, p.column, f"unknown config key '{key}'{hint}; allowed: {', '.join(KEYS)}")

    def err(key: str, msg: str) -> ConfigError:
        p = data.where(key, True)
        return ConfigError(path, p.line, p.column, msg)

    for key in ("rulesets", "select", "ignore", "include", "exclude"):
        if key in data:
            setattr(cfg, key, _str_list(data, key, path))
    for key in ("include", "exclude"):
        for i, pattern in enumerate(getattr(cfg, key) if key in data else ()):
            why = globs.problem(pattern)
            if why:
                p = _item_pos(data, key, i)
                raise ConfigError(path, p.line, p.column, f"{key}: '{pattern}': {why}")
    if "severity" in data:
        sev = data["severity"]
        if not isinstance(sev, dict):
            raise err("severity", "'severity' must map rule codes to error, warning or info")
        for code, s in sev.items():
            if s not in SEVERITIES:
                raise err("severity", f"severity of {code} must be error, warning or info, not {s!r}")
            cfg.severity[str(code).upper()] = Severity.parse(s)
            cfg.severity_tokens.pop(str(code), None)  # re-set by an extending config: it moves last, so it wins
            cfg.severity_tokens[str(code)] = Severity.parse(s)
    if "params" in data:
        if not isinstance(data["params"], dict) or not all(isinstance(v, dict) for v in data["params"].values()):
            raise err("params", "'params' must map rule codes to mappings of params")
        cfg.params.update({str(k).upper(): v for k, v in data["params"].items()})  # over an extended config's
    if "per-file-ignores" in data:
        pfi = data["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise err("per-file-ignores", "'per-file-ignores' must map globs to lists of rules")
        for glob, toks in pfi.items():
            why = globs.problem(str(glob))
            if why:
                p = pfi.where(glob) if isinstance(pfi, PosDict) else data.where("per-file-ignores")
                raise ConfigError(path, p.line, p.column, f"per-file-ignores: '{glob}': {why}")
            if isinstance(toks, str):
                toks = [toks]
            if not isinstance(toks, list) or not all(isinstance(t, str) for t in toks):
                raise err("per-file-ignores", f"per-file-ignores['{glob}'] must be a list of rule codes, names or categories")
            cfg.per_file_ignores.append((glob, tuple(toks)))
    if "language" in data:
        if data["language"] not in LANGUAGE_CHOICES:
            raise err("language", f"language must be auto, zh or en, not {data['language']!r}")
        cfg.language = data["language"]
    if "fail-on" in data:
        if data["fail-on"] not in FAIL_ON:
            raise err("fail-on", "fail-on must be error, warning, info or never")
        cfg.fail_on = data["fail-on"]
    if "max-warnings" in data:
        if not isinstance(data["max-warnings"], int) or isinstance(data["max-warnings"], bool):
            raise err("max-warnings", "max-warnings must be an integer (-1 for no limit)")
        cfg.max_warnings = data["max-warnings"]
    if "cross-file" in data:
        if not isinstance(data["cross-file"], bool):
            raise err("cross-file", "cross-file must be true or false")
        cfg.cross_file = data["cross-file"]
    if "message-language" in data:
        if data["message-language"] not in ("auto", *LANGUAGES):
            raise err("message-language", f"message-language must be auto, zh or en, not {data['message-language']!r}")
        cfg.message_language = data["message-language"]
    if "respect-gitignore" in data:
        if not isinstance(data["respect-gitignore"], bool):
            raise err("respect-gitignore", "respect-gitignore must be true or false")
        cfg.respect_gitignore = data["respect-gitignore"]
    if "preview" in data:
        if not isinstance(data["preview"], bool):
            raise err("preview", "preview must be true or false")
        cfg.preview = data["preview"]
    if "jobs" in data:
        try:
            cfg.jobs = parse_jobs(data["jobs"])
        except ValueError as e:
            raise err("jobs", str(e)) from None
    if "reference-files" in data:
        cfg.reference_files = _reference_files(data, path, base_dir)
    if "baseline" in data:
        if not isinstance(data["baseline"], str):
            raise err("baseline", "baseline must be a path")
        cfg.baseline = str(base_dir / data["baseline"]) if not os.path.isabs(data["baseline"]) else data["baseline"]
    return cfg


def _reference_files(data: PosDict, path: str, base_dir: Path) -> list[str]:
    """The files whose Markdown reference definitions (`[label]: url`) count for every file under this
    config: the includes a site build appends (`_includes/links.md`). Globs relative to the config's
    folder; each must match at least one file, so a typo is an error, not a silent no-op."""
    key = "reference-files"
    found: list[str] = []
    for i, pattern in enumerate(_str_list(data, key, path)):
        p = _item_pos(data, key, i)
        why = globs.problem(pattern)
        if why:
            raise ConfigError(path, p.line, p.column, f"{key}: '{pattern}': {why}")
        matched = _glob_files(base_dir, pattern)
        if not matched:
            raise ConfigError(path, p.line, p.column, f"{key}: '{pattern}' matches no file under {display_path(base_dir)}")
        found.extend(f for f in matched if f not in found)
    return found


def _glob_files(base_dir: Path, pattern: str) -> list[str]:
    """Files under `base_dir` a config glob matches (gitignore semantics, as for every key)."""
    if not any(c in pattern for c in "*?["):  # a plain path: no walk
        direct = base_dir / pattern.lstrip("/")
        if direct.is_file():
            return [str(direct)]
        if "/" in pattern.rstrip("/"):
            return []
    out = []
    for folder, dirs, files in os.walk(base_dir):
        dirs[:] = sorted(d for d in dirs if d not in (".git", "node_modules"))
        rel_dir = os.path.relpath(folder, base_dir)
        for name in sorted(files):
            rel = name if rel_dir == "." else f"{Path(rel_dir).as_posix()}/{name}"
            if globs.matches(rel, [pattern]):
                out.append(os.path.join(folder, name))
    return out


def _item_pos(data: Any, key: str, i: int) -> Pos:
    """Where item `i` of list `key` is written (the key's value when the list came as one string)."""
    v = data.get(key) if isinstance(data, dict) else None
    item_pos = getattr(v, "item_pos", None)
    if item_pos is not None and i < len(item_pos):
        return item_pos[i]
    return data.where(key, True) if isinstance(data, PosDict) else Pos(1, 1)


def resolve_tokens(cfg: Config, rules: list) -> None:
    """Check every rule token of the config against the loaded rules (path:line:col, did-you-mean; exit 2)
    and expand `severity` keys (codes, prefixes, names, categories) to the codes they cover."""
    from reportlint.diagnostics import CATEGORIES
    from reportlint.ruleset.select import token_matches

    data = cfg.raw if isinstance(cfg.raw, PosDict) else None
    path = cfg.path or "<config>"
    choices = {r.code for r in rules} | {r.name for r in rules} | set(CATEGORIES) | {"ALL"}

    def check(token: str, what: str, pos: Pos) -> None:
        if not any(token_matches(token, r) for r in rules):
            raise ConfigError(path, pos.line, pos.column, f"{what}: '{token}' matches no rule{suggest(token, choices)}")

    if data is not None:
        for key in ("select", "ignore"):
            for i, t in enumerate(getattr(cfg, key) if key in data else ()):
                check(t, key, _item_pos(data, key, i))
        sev = data.get("severity")
        for t in cfg.severity_tokens:
            check(t, "severity", sev.where(t) if isinstance(sev, PosDict) else data.where("severity"))
        pfi = data.get("per-file-ignores")
        for glob, toks in cfg.per_file_ignores:
            for i, t in enumerate(toks):
                check(t, f"per-file-ignores['{glob}']", _item_pos(pfi, glob, i) if isinstance(pfi, PosDict) else Pos(1, 1))
        params = data.get("params")
        codes = {r.code for r in rules}
        for code in cfg.params:
            if code not in codes:
                p = params.where(next((k for k in params if str(k).upper() == code), code)) \
                    if isinstance(params, PosDict) else Pos(1, 1)
                raise ConfigError(path, p.line, p.column, f"params: no rule {code}{suggest(code, codes)}")
    expanded: dict[str, Severity] = {}
    for t, level in cfg.severity_tokens.items():  # in the order written: a later, narrower token wins
        for r in rules:
            if token_matches(t, r):
                expanded[r.code] = level
    if cfg.severity_tokens:
        cfg.severity = expanded


INIT_TEMPLATE = """\
# reportlint configuration — see `reportlint rules` and `reportlint explain CODE`.
# Applies to the files under this folder (each file uses its nearest config);
# `extends: ../.reportlint.yaml` inherits from a parent; `--config FILE` overrides.

# Built-in rule sets (core, zh, en) and your own rule files or folders.
rulesets: [core, zh, en]

# Which rules run: ALL, codes (DU001), prefixes (NU), names (duplicate-block)
# or categories (duplicate, number, markup, heading, style).
# ALL, prefixes, names and categories select the rules that are not preview;
# a preview rule (precision below 0.80 on real documents) runs by its exact code
# or with preview: true (--preview).
select: [ALL]
ignore: []
preview: false

# Change a rule's severity: error, warning or info.
# severity: {HD006: info}

# Change a rule's params (see `reportlint explain CODE` for each rule's params).
# params: {DU001: {near_threshold: 0.92}}

# What directory walks pick up; files named on the command line are always checked.
include: ["**/*.md", "**/*.markdown", "**/*.txt", "**/*.rst", "**/*.docx"]
exclude: []

# Globs relative to this file → rules to skip there.
# per-file-ignores: {"archive/**": [DU]}

language: auto        # auto | zh | en
message-language: auto  # messages in each document's language, or always zh / en
fail-on: error        # error | warning | info | never
max-warnings: -1      # -1: no limit
cross-file: false     # duplicate detection across the files of one run
# Files whose Markdown reference definitions ([label]: url) count for every file here
# (an include the site build appends); globs relative to this file.
# reference-files: ["_includes/links.md"]
jobs: auto            # parallel processes, or a number
# baseline: .reportlint-baseline.json
"""
