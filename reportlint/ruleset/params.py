"""Binding a rule's YAML `params` to its check kind's typed Params dataclass."""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from typing import Any, Union

from reportlint.ruleset.regexsafety import catastrophic_reason
from reportlint.ruleset.yamlpos import PosDict, PosList, suggest
from reportlint.errors import ConfigError
from reportlint.text import rx


def bind_params(cls: type, raw: Any, path: str, where: Any, base: Any | None = None) -> Any:
    """Build `cls` from a YAML mapping, validating names and types.

    `base` is an existing Params instance whose values are the defaults (used when
    a config overrides a few params of a rule).
    """
    if raw is None:
        raw = PosDict()
    if not isinstance(raw, dict):
        p = getattr(where, "pos", None) or getattr(raw, "pos", None)
        raise ConfigError(path, *(_lc(p)), "params must be a mapping")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.replace("-", "_")
        pos = raw.where(key) if isinstance(raw, PosDict) else None
        if name not in fields:
            raise ConfigError(
                path, *_lc(pos),
                f"unknown param '{key}'{suggest(name, list(fields))}; allowed: {', '.join(sorted(fields)) or '(none)'}",
            )
        vpos = raw.where(key, value=True) if isinstance(raw, PosDict) else pos
        values[name] = convert(value, hints[name], path, vpos, key)
    if base is not None:
        return dataclasses.replace(base, **values)
    missing = [n for n, f in fields.items() if n not in values and f.default is dataclasses.MISSING
               and f.default_factory is dataclasses.MISSING]  # type: ignore[misc]
    if missing:
        p = getattr(raw, "pos", None)
        raise ConfigError(path, *_lc(p), f"missing required param(s): {', '.join(missing)}")
    return cls(**values)


def _lc(pos: Any) -> tuple[int, int]:
    return (pos.line, pos.column) if pos is not None else (1, 1)


def convert(value: Any, tp: Any, path: str, pos: Any, key: str) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for a in args:
            if a is type(None):
                continue
            try:
                return convert(value, a, path, pos, key)
            except ConfigError as e:
                errors.append(e.message)
        raise ConfigError(path, *_lc(pos), errors[0] if errors else f"'{key}': bad value")
    if tp is Any:
        return value
    if tp is re.Pattern or origin is re.Pattern:
        if not isinstance(value, str):
            raise ConfigError(path, *_lc(pos), f"'{key}' must be a regular expression string")
        return compile_pattern(value, path, pos, key)
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(path, *_lc(pos), f"'{key}' must be true or false, not {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(path, *_lc(pos), f"'{key}' must be an integer, not {value!r}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(path, *_lc(pos), f"'{key}' must be a number, not {value!r}")
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise ConfigError(path, *_lc(pos), f"'{key}' must be a string, not {value!r}")
        return value
    if origin in (tuple, list):
        if not isinstance(value, list):
            raise ConfigError(path, *_lc(pos), f"'{key}' must be a list")
        item_tp = args[0] if args else Any
        ipos = getattr(value, "item_pos", None) or [pos] * len(value)
        items = [convert(v, item_tp, path, p, key) for v, p in zip(value, ipos)]
        return tuple(items) if origin is tuple else items
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(path, *_lc(pos), f"'{key}' must be a mapping")
        kt, vt = args if args else (Any, Any)
        out = {}
        for k, v in value.items():
            vp = value.where(k, value=True) if isinstance(value, PosDict) else pos
            out[convert(k, kt, path, vp, key)] = convert(v, vt, path, vp, f"{key}.{k}")
        return out
    return value


def compile_pattern(pattern: str, path: str, pos: Any, key: str, flags: int = 0) -> re.Pattern[str]:
    try:
        compiled = rx.compile_now(pattern, flags)
    except re.error as e:
        raise ConfigError(path, *_lc(pos), f"'{key}': invalid regular expression {pattern!r}: {e}") from None
    reason = catastrophic_reason(pattern)
    if reason:
        raise ConfigError(path, *_lc(pos), f"'{key}': pattern {pattern!r} can backtrack catastrophically: {reason}")
    return compiled


def params_schema(cls: type) -> list[dict[str, Any]]:
    """Name, type and default of each param, for `explain` and the docs."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        default: Any
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
            default = f.default_factory()  # type: ignore[misc]
        else:
            default = None
        if isinstance(default, (re.Pattern, rx.LazyPattern)):
            default = default.pattern
        out.append({"name": f.name, "type": _type_name(hints[f.name]), "default": default})
    return out


def _type_name(tp: Any) -> str:
    if tp is re.Pattern or typing.get_origin(tp) is re.Pattern:
        return "regex"
    origin = typing.get_origin(tp)
    if origin is None:
        return getattr(tp, "__name__", str(tp))
    args = ", ".join(_type_name(a) for a in typing.get_args(tp) if a is not Ellipsis)
    return f"{getattr(origin, '__name__', str(origin))}[{args}]"


__all__ = ["bind_params", "compile_pattern", "params_schema", "PosList"]
