"""Loading rule sets (built-in names, files or directories) into validated Rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from reportlint.checks import available_kinds, load_kind
from reportlint.diagnostics import CATEGORIES, DOCUMENT_FORMATS, LANGUAGES, PREFIX_CATEGORY, SEVERITIES, Severity, code_prefix
from reportlint.ruleset.params import bind_params
from reportlint.ruleset.yamlpos import PosDict, load_yaml, suggest
from reportlint.errors import ConfigError
from reportlint.text import rx


RULE_KEYS = ("id", "name", "kind", "category", "severity", "message", "params", "docs", "tests",
             "languages", "formats", "enabled", "precision", "defers_to", "clauses")
REQUIRED_RULE_KEYS = ("id", "name", "kind", "category", "severity", "docs", "tests")
DOC_KEYS = ("summary", "why", "bad", "good", "notes", "fix")
CASE_KEYS = ("name", "fail", "pass", "expect", "format", "language", "params", "path", "fixed")
EXPECT_KEYS = ("line", "column", "end_line", "end_column", "severity", "message")
RULESET_KEYS = ("ruleset", "description", "rules")
# Fields the engine gives every message (engine._message): the flagged text, the finding's own lines and,
# when the finding has a related location, that location's first line and line range.
COMMON_FIELDS = frozenset({"text", "line_range", "related_line", "related_range"})
CODE_RE = rx.compile(r"^(" + "|".join(PREFIX_CATEGORY) + r")\d{3}$")  # the prefixes, defined once in diagnostics
NAME_RE = rx.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
BUILTIN_RULESETS = ("core", "zh", "en")
PRECISION_KEYS = ("value", "findings", "documents", "basis")
# Severity follows measured precision (see docs/rules.md, "Precision and preview rules").
ERROR_PRECISION = 0.95  # `error` only at or above this, on at least MIN_JUDGED judged findings
WARNING_PRECISION = 0.80  # below this a measured rule is a preview rule
MIN_JUDGED = 20  # fewer judged findings than this: the figure is provisional, severity at most `warning`
PRECISION_EXEMPT = frozenset({"E001", "E002", "RL001"})  # reportlint's own errors, not findings about a text


@dataclass(frozen=True)
class Precision:
    """A rule's precision on real documents, or `provisional` (value None) when not yet measured.

    `findings` counts the judged findings (TRUE + FALSE) the value rests on, `documents`
    the documents they came from, `basis` says which corpus and run they were measured on.
    """
    value: float | None = None
    findings: int = 0
    documents: int = 0
    basis: str = ""

    @property
    def provisional(self) -> bool:
        """Not measured, or measured on too few findings to set a severity above `warning`."""
        return self.value is None or self.findings < MIN_JUDGED

    @property
    def preview(self) -> bool:
        """Measured below WARNING_PRECISION: runs only when asked for (`--preview` or its exact code)."""
        return self.value is not None and self.value < WARNING_PRECISION

    @property
    def ceiling(self) -> str:
        """The highest default severity this precision allows."""
        if self.value is not None and not self.provisional and self.value >= ERROR_PRECISION:
            return "error"
        return "warning"

    def cell(self) -> str:
        """Short form for tables: `0.97`, `0.40? preview` (`?`: provisional), `provisional`."""
        if self.value is None:
            return "provisional"
        cell = f"{self.value:.2f}" + ("?" if self.provisional else "")
        return cell + " preview" if self.preview else cell

    def describe(self) -> str:
        """One line for `rules`, `explain` and docs/rules.md."""
        if self.value is None:
            return "provisional (not yet measured on real documents)"
        text = f"{self.value:.2f} on {self.findings} judged findings in {self.documents} documents"
        if self.provisional:
            text += ", provisional"
        return text + (f" ({self.basis})" if self.basis else "")


@dataclass(frozen=True)
class RuleDocs:
    """A rule's documentation, rendered by `explain` and docs/rules.md."""
    summary: str
    why: str
    bad: str = ""
    good: str = ""
    notes: str = ""
    fix: str = ""


@dataclass(frozen=True)
class TestCase:
    """One failing or passing example from a rule's YAML, run by the test suite."""
    name: str
    text: str
    should_fail: bool
    expect: tuple[dict[str, Any], ...]
    format: str = "md"
    language: str = "auto"
    params: Any = None  # a Params instance when the case overrides params
    path: str = ""
    fixed: str | None = None  # the text after this rule's fixes (safe and unsafe) are applied


@dataclass(frozen=True)
class Rule:
    """A validated rule: identity, severity, docs, test cases and its kind's bound Params."""
    code: str
    name: str
    kind: str
    category: str
    severity: Severity
    message: str | None
    params: Any
    docs: RuleDocs
    tests: tuple[TestCase, ...] | None  # None: not composed (a built-in rule loaded for a run, see load_rulesets)
    languages: tuple[str, ...] | None
    formats: tuple[str, ...] | None
    enabled: bool
    source: str
    line: int
    ruleset: str
    module: ModuleType = field(compare=False, repr=False)
    precision: Precision | None = None  # None only for rules that need not record it (user rules, exempt codes)

    @property
    def preview(self) -> bool:
        """A preview rule runs only with `--preview` (config `preview: true`) or when its exact code is selected."""
        return self.precision is not None and self.precision.preview
    defers_to: tuple[str, ...] = ()  # codes of rules whose findings explain this rule's (analysis.context)
    messages: tuple[tuple[str, str], ...] = ()  # (language, template) from a `message: {en: …, zh: …}` mapping
    # Optional clauses of the message (`clauses:` in YAML): name → ((language, template), ...); a finding
    # names the ones that apply in its `clauses` field and the engine words them into `{note}`.
    clauses: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    def clause(self, name: str, language: str) -> str:
        for cname, texts in self.clauses:
            if cname == name:
                return next((t for lang, t in texts if lang == language), texts[0][1])
        raise KeyError(f"clause '{name}'")

    def template(self, language: str) -> str | None:
        """The message template for a document or reader in `language`: its own text, else the first given."""
        for lang, text in self.messages:
            if lang == language:
                return text
        return self.message

    def __getstate__(self) -> dict[str, Any]:
        """Pickled for the rule cache without its module, which is imported again by kind."""
        state = dict(self.__dict__)
        del state["module"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        object.__setattr__(self, "module", load_kind(state["kind"]))

    def with_params(self, params: Any) -> "Rule":
        import dataclasses

        return dataclasses.replace(self, params=params)


def builtin_rules_dir() -> Path:
    """`reportlint/_rules` inside a wheel; the checkout's `rules/` in an editable install."""
    pkg = Path(__file__).resolve().parent.parent
    packaged = pkg / "_rules"
    if packaged.is_dir():
        return packaged
    return pkg.parent / "rules"


def resolve_ruleset(spec: str, base_dir: Path | None = None) -> Path:
    if spec in BUILTIN_RULESETS or (not any(c in spec for c in "/\\.") and (builtin_rules_dir() / spec).is_dir()):
        return builtin_rules_dir() / spec
    p = Path(spec)
    if not p.is_absolute() and base_dir is not None:
        p = base_dir / p
    return p


def load_rulesets(specs: list[str], base_dir: Path | None = None, origin: str = "config",
                  cache_dir: Path | None = None, builtin_tests: bool = True) -> list[Rule]:
    """Rules of each spec in order; `cache_dir` (see ruleset/cache.py) skips re-reading unchanged YAML.

    `builtin_tests=False` (a run) leaves the `tests:` sections of the built-in rule files unread:
    they are more than half of those files, the test suite validates and runs every case before a
    release, and a run never uses them (their Rule.tests is None). A user's rule files are always
    read and validated whole.
    """
    from reportlint.ruleset.cache import cached

    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    builtin = builtin_rules_dir().resolve()
    for spec in specs:
        path = resolve_ruleset(spec, base_dir)
        if not path.exists():
            known = ", ".join(BUILTIN_RULESETS)
            raise ConfigError(origin, 1, 1, f"rule set '{spec}' not found (built-in rule sets: {known}; or give a path)")
        files = sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml")) if path.is_dir() else [path]
        name = path.stem if path.is_file() else path.name
        tests = builtin_tests or not path.resolve().is_relative_to(builtin)
        loaded = cached(cache_dir, files, name if tests else f"{name} (no tests)",
                        lambda files=files, name=name, tests=tests: [r for f in files
                                                                      for r in load_rule_file(f, name, tests)])
        for rule in loaded:
            if rule.code in seen:
                other = seen[rule.code]
                raise ConfigError(rule.source, rule.line, 1,
                                  f"rule id {rule.code} is already defined at {other.source}:{other.line}")
            seen[rule.code] = rule
            rules.append(rule)
    return rules


def load_rule_file(path: Path, ruleset: str, tests: bool = True) -> list[Rule]:
    """The rules of one file; `tests=False` leaves a one-rule file's top-level `tests:` section unread."""
    spath = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(spath, 1, 1, f"cannot read rule file: {e}") from None
    head = None if tests else without_tests(text)
    data = load_yaml(text if head is None else head, spath)
    if data is None:
        return []
    if not isinstance(data, PosDict):
        raise ConfigError(spath, 1, 1, "a rule file must be a mapping: one rule, or 'rules:' with a list of rules")
    if "rules" in data or "ruleset" in data:
        _check_keys(data, RULESET_KEYS, spath, "rule set")
        items = data.get("rules") or []
        if not isinstance(items, list):
            raise ConfigError(spath, *_lc(data.where("rules", True)), "'rules' must be a list of rules")
        return [parse_rule(r, spath, data.get("ruleset") or ruleset) for r in items]
    return [parse_rule(data, spath, ruleset, tests=head is None)]


_TESTS_KEY = rx.compile(r"^tests:[ \t]*(?:#.*)?$", re.M)  # a top-level block `tests:` key, nothing after it
# What ends that section: the next line that starts a top-level key, or a document marker.
_SECTION_END = rx.compile(r"^(?:[^\s#-]|---|\.\.\.)", re.M)


def without_tests(text: str) -> str | None:
    """`text` with its top-level block `tests:` section blanked, lines kept (positions stay true).

    None where there is no such section to leave out safely: a rule-set file (`rules:`), a
    `tests:` written in flow style, or a document marker after it; the file is then read whole.
    """
    key = _TESTS_KEY.search(text)
    if key is None or text.startswith("rules:") or "\nrules:" in text:
        return None
    end_match = _SECTION_END.search(text, key.end())
    end = len(text) if end_match is None else end_match.start()
    if text.startswith(("---", "..."), end):
        return None
    return text[:key.end()] + "\n" * text.count("\n", key.end(), end) + text[end:]


def _lc(pos: Any) -> tuple[int, int]:
    return (pos.line, pos.column)


def _check_keys(d: PosDict, allowed: tuple[str, ...], path: str, what: str) -> None:
    for key in d:
        if key not in allowed:
            raise ConfigError(path, *_lc(d.where(key)),
                              f"unknown {what} key '{key}'{suggest(key, allowed)}; allowed: {', '.join(allowed)}")


def _need(d: PosDict, key: str, tp: type | tuple[type, ...], path: str, what: str) -> Any:
    if key not in d:
        raise ConfigError(path, *_lc(d.where()), f"{what} is missing required key '{key}'")
    v = d[key]
    if not isinstance(v, tp) or isinstance(v, bool) and tp is not bool:
        tn = tp.__name__ if isinstance(tp, type) else "/".join(t.__name__ for t in tp)
        raise ConfigError(path, *_lc(d.where(key, True)), f"'{key}' must be a {tn}")
    return v


def parse_rule(d: Any, path: str, ruleset: str, tests: bool = True) -> Rule:
    if not isinstance(d, PosDict):
        raise ConfigError(path, *_lc(getattr(d, "pos", None) or _P1), "a rule must be a mapping")
    _check_keys(d, RULE_KEYS, path, "rule")
    code = _need(d, "id", str, path, "rule")
    what = f"rule {code}"
    if not CODE_RE.match(code):
        raise ConfigError(path, *_lc(d.where("id", True)),
                          f"rule id '{code}' must be a prefix ({', '.join(PREFIX_CATEGORY)}) and three digits")
    for key in REQUIRED_RULE_KEYS:
        if key not in d:
            raise ConfigError(path, *_lc(d.where()), f"{what} is missing required key '{key}'")
    name = _need(d, "name", str, path, what)
    if not NAME_RE.match(name):
        raise ConfigError(path, *_lc(d.where("name", True)), f"{what}: name '{name}' must be kebab-case")
    category = _need(d, "category", str, path, what)
    if category not in CATEGORIES:
        raise ConfigError(path, *_lc(d.where("category", True)),
                          f"{what}: unknown category '{category}'{suggest(category, CATEGORIES)}; allowed: {', '.join(CATEGORIES)}")
    expected_cat = PREFIX_CATEGORY[code_prefix(code)]
    if category != expected_cat:
        raise ConfigError(path, *_lc(d.where("category", True)),
                          f"{what}: prefix {code_prefix(code)} is for category '{expected_cat}', not '{category}'")
    sev = _need(d, "severity", str, path, what)
    if sev not in SEVERITIES:
        raise ConfigError(path, *_lc(d.where("severity", True)),
                          f"{what}: severity must be error, warning or info, not '{sev}'{suggest(sev, SEVERITIES)}")
    kind = _need(d, "kind", str, path, what)
    kinds = available_kinds()
    if kind not in kinds:
        raise ConfigError(path, *_lc(d.where("kind", True)),
                          f"{what}: unknown kind '{kind}'{suggest(kind, kinds)}; available: {', '.join(kinds)}")
    module = load_kind(kind)
    params = bind_params(module.Params, d.get("params"), path, d)
    if hasattr(module, "validate"):
        for pname, problem in module.validate(params):
            pos = d["params"].where(pname) if isinstance(d.get("params"), PosDict) else d.where("params")
            raise ConfigError(path, *_lc(pos), f"{what}: param '{pname}': {problem}")
    message, messages = _parse_message(d, path, what, module, kind)
    clauses = _parse_clauses(d, path, what, module, kind)
    defers_to = _parse_defers_to(d, path, what, module, kind)
    docs = _parse_docs(d["docs"], path, what, d)
    languages = _str_list(d, "languages", path, what, LANGUAGES)
    formats = _str_list(d, "formats", path, what, DOCUMENT_FORMATS)
    enabled = d.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(path, *_lc(d.where("enabled", True)), f"{what}: enabled must be true or false")
    cases = _parse_tests(d["tests"], path, what, module, params) if tests else None
    precision = _parse_precision(d, path, what)
    if precision is not None and sev == "error" and precision.ceiling != "error":
        raise ConfigError(path, *_lc(d.where("severity", True)),
                          f"{what}: severity 'error' needs precision >= {ERROR_PRECISION} on >= {MIN_JUDGED} judged "
                          f"findings; this rule's precision is {precision.describe()}: use 'warning'")
    return Rule(code=code, name=name, kind=kind, category=category, severity=Severity.parse(sev), message=message,
                params=params, docs=docs, tests=cases, languages=languages, formats=formats, enabled=enabled,
                source=path, line=d.where().line, ruleset=ruleset, module=module, defers_to=defers_to,
                messages=messages, precision=precision, clauses=clauses)


def _parse_message(d: PosDict, path: str, what: str, module: ModuleType, kind: str
                   ) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """`message`: one template for every language, or a mapping by language ({en: …, zh: …}).

    With a mapping, the first template given also serves a language it does not name.
    """
    message = d.get("message")
    if message is None:
        return None, ()
    pos = d.where("message", True)
    allowed = set(module.FIELDS) | COMMON_FIELDS
    if isinstance(message, str):
        check_message_fields(message, allowed, path, pos, what, kind)
        return message, ()
    if not isinstance(message, PosDict) or not message:
        raise ConfigError(path, *_lc(pos), f"{what}: message must be a string or a mapping by language ({{en: …, zh: …}})")
    out = []
    for lang, text in message.items():
        lpos = message.where(lang)
        if lang not in LANGUAGES:
            raise ConfigError(path, *_lc(lpos), f"{what}: message language '{lang}'{suggest(str(lang), LANGUAGES)}; "
                                                f"allowed: {', '.join(LANGUAGES)}")
        if not isinstance(text, str):
            raise ConfigError(path, *_lc(message.where(lang, True)), f"{what}: message.{lang} must be a string")
        check_message_fields(text, allowed, path, message.where(lang, True), what, kind)
        out.append((lang, text))
    return out[0][1], tuple(out)


def _parse_clauses(d: PosDict, path: str, what: str, module: ModuleType, kind: str
                   ) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """`clauses: {name: template | {en: …, zh: …}}`: the optional parts of a message, each worded here
    (a kind lists the clause names its findings may ask for in CLAUSES)."""
    if "clauses" not in d:
        return ()
    raw = d["clauses"]
    if not isinstance(raw, PosDict) or not raw:
        raise ConfigError(path, *_lc(d.where("clauses", True)), f"{what}: clauses must be a mapping of name to message")
    allowed = getattr(module, "CLAUSES", frozenset())
    fields = set(module.FIELDS) | COMMON_FIELDS
    out = []
    for name, text in raw.items():
        if name not in allowed:
            raise ConfigError(path, *_lc(raw.where(name)), f"{what}: kind '{kind}' has no clause '{name}'"
                              f"{suggest(str(name), sorted(allowed))}; clauses: {', '.join(sorted(allowed)) or 'none'}")
        texts = {"": text} if isinstance(text, str) else text
        if not isinstance(texts, dict) or not texts or not all(isinstance(t, str) for t in texts.values()):
            raise ConfigError(path, *_lc(raw.where(name, True)), f"{what}: clause '{name}' must be a string or {{en: …, zh: …}}")
        pairs = []
        for lang, t in texts.items():
            if lang and lang not in LANGUAGES:
                raise ConfigError(path, *_lc(raw.where(name, True)), f"{what}: clause '{name}': unknown language '{lang}'")
            check_message_fields(t, fields, path, raw.where(name, True), what, kind)
            pairs.append((lang or LANGUAGES[0], t))
        out.append((name, tuple(pairs)))
    return tuple(out)


def _parse_defers_to(d: PosDict, path: str, what: str, module: ModuleType, kind: str) -> tuple[str, ...]:
    if "defers_to" not in d:
        return ()
    pos = d.where("defers_to", True)
    codes = d["defers_to"]
    if isinstance(codes, str):
        codes = [codes]
    if not isinstance(codes, list) or not all(isinstance(c, str) and CODE_RE.match(c) for c in codes):
        raise ConfigError(path, *_lc(pos), f"{what}: defers_to must be a list of rule codes (e.g. [DU001])")
    if not getattr(module, "DEFERS_TO_KINDS", None):
        raise ConfigError(path, *_lc(pos), f"{what}: kind '{kind}' does not defer to other rules")
    return tuple(codes)


def check_deference(rules: list[Rule]) -> None:
    """Each `defers_to` names a rule of a kind the deferring kind can read (checked once all rule sets are loaded).

    A code that no loaded rule set defines is not an error: with `rulesets: [zh]` alone the
    duplicate rule is absent, and the deferring rule then reports its findings plainly.
    """
    by_code = {r.code: r for r in rules}
    for rule in rules:
        for code in rule.defers_to:
            other = by_code.get(code)
            if other is None:
                continue
            if code == rule.code:
                raise ConfigError(rule.source, rule.line, 1, f"rule {rule.code}: defers_to names the rule itself")
            kinds = rule.module.DEFERS_TO_KINDS
            if other.kind not in kinds:
                raise ConfigError(rule.source, rule.line, 1,
                                  f"rule {rule.code}: defers_to {code}, a rule of kind '{other.kind}'; "
                                  f"kind '{rule.kind}' can defer to: {', '.join(sorted(kinds))}")


def _parse_precision(d: PosDict, path: str, what: str) -> Precision | None:
    """`precision: provisional` or `precision: {value: 0.97, findings: 112, documents: 61, basis: ...}`."""
    if "precision" not in d:
        return None
    v = d["precision"]
    if v == "provisional":
        return Precision()
    shape = "'provisional' or a mapping {value: 0.97, findings: 112, documents: 61}"
    if not isinstance(v, PosDict):
        raise ConfigError(path, *_lc(d.where("precision", True)), f"{what}: precision must be {shape}")
    _check_keys(v, PRECISION_KEYS, path, "precision")
    for key in ("value", "findings", "documents"):
        if key not in v:
            raise ConfigError(path, *_lc(v.where()), f"{what}: precision is missing required key '{key}' ({shape})")
    value, findings, documents = v["value"], v["findings"], v["documents"]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ConfigError(path, *_lc(v.where("value", True)), f"{what}: precision value must be a number from 0 to 1")
    for key, n in (("findings", findings), ("documents", documents)):
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ConfigError(path, *_lc(v.where(key, True)), f"{what}: precision {key} must be a whole number >= 0")
    if findings < 1:
        raise ConfigError(path, *_lc(v.where("findings", True)),
                          f"{what}: a precision measured on no findings is 'precision: provisional'")
    if not 1 <= documents <= findings:
        raise ConfigError(path, *_lc(v.where("documents", True)),
                          f"{what}: precision documents ({documents}) must be 1..findings ({findings})")
    basis = v.get("basis", "")
    if not isinstance(basis, str):
        raise ConfigError(path, *_lc(v.where("basis", True)), f"{what}: precision basis must be a string")
    return Precision(float(value), findings, documents, basis.strip())


class _P1:
    line = 1
    column = 1


def check_message_fields(message: str, allowed: set[str], path: str, pos: Any, what: str, kind: str) -> None:
    import string

    try:
        parsed = list(string.Formatter().parse(message))
    except ValueError as e:
        raise ConfigError(path, *_lc(pos), f"{what}: bad message template: {e}") from None
    for _, fname, _, _ in parsed:
        if fname is None:
            continue
        base = fname.split(".")[0].split("[")[0]
        if base not in allowed:
            raise ConfigError(path, *_lc(pos),
                              f"{what}: message field '{{{base}}}' is not provided by kind '{kind}'{suggest(base, allowed)}; "
                              f"available: {', '.join(sorted(allowed))}")


def _str_list(d: PosDict, key: str, path: str, what: str, allowed: tuple[str, ...]) -> tuple[str, ...] | None:
    if key not in d:
        return None
    v = d[key]
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ConfigError(path, *_lc(d.where(key, True)), f"{what}: '{key}' must be a list of strings")
    for x in v:
        if x not in allowed:
            raise ConfigError(path, *_lc(d.where(key, True)), f"{what}: '{key}' has unknown value '{x}'; allowed: {', '.join(allowed)}")
    return tuple(v)


def _parse_docs(docs: Any, path: str, what: str, d: PosDict) -> RuleDocs:
    if not isinstance(docs, PosDict):
        raise ConfigError(path, *_lc(d.where("docs", True)), f"{what}: docs must be a mapping with summary and why")
    _check_keys(docs, DOC_KEYS, path, "docs")
    for key in ("summary", "why"):
        if not isinstance(docs.get(key), str) or not docs[key].strip():
            raise ConfigError(path, *_lc(docs.where()), f"{what}: docs.{key} is required")
    for key in docs:
        if not isinstance(docs[key], str):
            raise ConfigError(path, *_lc(docs.where(key, True)), f"{what}: docs.{key} must be a string")
    return RuleDocs(**{k: docs[k] for k in docs})


def _parse_tests(tests: Any, path: str, what: str, module: ModuleType, params: Any) -> tuple[TestCase, ...]:
    if not isinstance(tests, list):
        raise ConfigError(path, 1, 1, f"{what}: tests must be a list of cases")
    out = []
    names = set()
    for i, case in enumerate(tests):
        if not isinstance(case, PosDict):
            raise ConfigError(path, *_lc(tests.item_pos[i]), f"{what}: a test case must be a mapping")
        _check_keys(case, CASE_KEYS, path, "test case")
        cname = case.get("name")
        if not isinstance(cname, str) or not NAME_RE.match(cname):
            raise ConfigError(path, *_lc(case.where()), f"{what}: each test case needs a kebab-case 'name'")
        if cname in names:
            raise ConfigError(path, *_lc(case.where("name", True)), f"{what}: duplicate test case name '{cname}'")
        names.add(cname)
        if ("fail" in case) == ("pass" in case):
            raise ConfigError(path, *_lc(case.where()), f"{what}: case '{cname}' needs exactly one of 'fail' or 'pass'")
        fail = "fail" in case
        text = case["fail" if fail else "pass"]
        if not isinstance(text, str):
            raise ConfigError(path, *_lc(case.where()), f"{what}: case '{cname}' text must be a string")
        expect = case.get("expect", [])
        if fail and "expect" not in case:
            raise ConfigError(path, *_lc(case.where()), f"{what}: failing case '{cname}' needs 'expect'")
        if not isinstance(expect, list) or not all(isinstance(e, PosDict) for e in expect):
            raise ConfigError(path, *_lc(case.where()), f"{what}: case '{cname}': expect must be a list of mappings")
        for e in expect:
            _check_keys(e, EXPECT_KEYS, path, "expect")
            if "line" not in e:
                raise ConfigError(path, *_lc(e.where()), f"{what}: case '{cname}': each expectation needs 'line'")
        fmt = case.get("format", "md")
        if fmt not in DOCUMENT_FORMATS:
            raise ConfigError(path, *_lc(case.where("format", True)), f"{what}: case '{cname}': format must be md or txt")
        lang = case.get("language", "auto")
        if lang not in LANGUAGES + ("auto",):
            raise ConfigError(path, *_lc(case.where("language", True)), f"{what}: case '{cname}': language must be zh, en or auto")
        cparams = bind_params(module.Params, case["params"], path, case, base=params) if "params" in case else None
        fixed = case.get("fixed")
        if fixed is not None and (not fail or not isinstance(fixed, str)):
            raise ConfigError(path, *_lc(case.where("fixed", True)),
                              f"{what}: case '{cname}': 'fixed' is the text of a failing case after its fixes (a string)")
        out.append(TestCase(cname, text, fail, tuple(dict(e) for e in expect), fmt, lang, cparams, case.get("path", ""),
                            fixed))
    return tuple(out)
