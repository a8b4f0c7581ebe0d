"""Composing YAML into PosDict/PosList with positions; refuses YAML 1.1 traps and runaway files."""

from __future__ import annotations

import re
from typing import Any

import yaml

from reportlint.ruleset.yamlpos import Pos, PosDict, PosList
from reportlint.errors import ConfigError

MAX_YAML_BYTES = 5_000_000
# libyaml composes the same nodes (with marks) ~7x faster, and start-up loads every
# rule file. But its composer recurses in C and crashes the process (SIGSEGV) on
# nesting ~100 000 deep, so it is used only where nesting is certainly shallow.
_C_LOADER = getattr(yaml, "CSafeLoader", None)
_C_MAX_LINE = 2_000  # block nesting needs indentation or "- - -" on one line: bounded by line length
_C_MAX_FLOW = 500
_FLOW_RE = re.compile(r"[\[\]{}]")


def _compose_loader(text: str) -> type:
    if _C_LOADER is None or max(map(len, text.splitlines()), default=0) > _C_MAX_LINE:
        return yaml.SafeLoader
    if text.count("[") + text.count("{") > _C_MAX_FLOW:
        depth = deepest = 0
        for m in _FLOW_RE.finditer(text):  # over-estimates (brackets in strings count): errs safe
            depth = depth + 1 if m.group() in "[{" else max(0, depth - 1)
            deepest = max(deepest, depth)
        if deepest > _C_MAX_FLOW:
            return yaml.SafeLoader
    return _C_LOADER


_TRAP_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_TRAP_NUMBER = re.compile(r"^(?:[-+]?0[0-7_]+|[-+]?0o[0-7_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$")


def _pos(node: yaml.Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


def load(text: str, path: str) -> Any:
    if len(text) > MAX_YAML_BYTES:
        raise ConfigError(path, 1, 1, f"file is too large ({len(text)} characters; limit {MAX_YAML_BYTES})")
    try:
        node = yaml.compose(text, Loader=_compose_loader(text))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ConfigError(path, line, col, f"invalid YAML: {e.problem or e.context}") from None
    except yaml.YAMLError as e:  # e.g. a ReaderError on control characters: one line, no "in <unicode string>"
        raise ConfigError(path, 1, 1, f"invalid YAML: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
    except RecursionError:
        raise ConfigError(path, 1, 1, "invalid YAML: nested too deeply") from None
    if node is None:
        return None
    try:
        return _build(node, path, 0, [0])
    except RecursionError:
        raise ConfigError(path, 1, 1, "invalid YAML: nested too deeply") from None
    except yaml.MarkedYAMLError as e:  # a tag safe_load does not construct (!!python/name:…)
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ConfigError(path, line, col, f"unsupported YAML value: {(e.problem or e.context or '').strip()}") from None
    except yaml.YAMLError as e:
        raise ConfigError(path, 1, 1, f"unsupported YAML value: {str(e).splitlines()[0] if str(e) else ''}") from None


_MAX_DEPTH = 64
_MAX_NODES = 200_000  # aliases can make a small file expand without bound ("billion laughs"); real files hold a few thousand


def _build(node: yaml.Node, path: str, depth: int, count: list[int]) -> Any:
    count[0] += 1
    if count[0] > _MAX_NODES:
        p = _pos(node)
        raise ConfigError(path, p.line, p.column, f"more than {_MAX_NODES} values (alias expansion?)")
    if depth > _MAX_DEPTH:
        p = _pos(node)
        raise ConfigError(path, p.line, p.column, f"nested more than {_MAX_DEPTH} levels deep")
    if isinstance(node, yaml.MappingNode):
        out = PosDict()
        out.pos = _pos(node)
        out.key_pos, out.value_pos = {}, {}
        for knode, vnode in node.value:
            if knode.tag == "tag:yaml.org,2002:merge":
                p = _pos(knode)
                raise ConfigError(path, p.line, p.column, "YAML merge keys ('<<') are not supported")
            key = _build(knode, path, depth + 1, count)
            if not isinstance(key, (str, int, float, bool)) or isinstance(key, bool):
                p = _pos(knode)
                raise ConfigError(path, p.line, p.column, "mapping keys must be plain strings")
            key = str(key)
            if key in out:
                p = _pos(knode)
                raise ConfigError(path, p.line, p.column, f"duplicate key '{key}'")
            out[key] = _build(vnode, path, depth + 1, count)
            out.key_pos[key] = _pos(knode)
            out.value_pos[key] = _pos(vnode)
        return out
    if isinstance(node, yaml.SequenceNode):
        lst = PosList(_build(v, path, depth + 1, count) for v in node.value)
        lst.pos = _pos(node)
        lst.item_pos = [_pos(v) for v in node.value]
        return lst
    assert isinstance(node, yaml.ScalarNode)
    if node.style in (None, "") and node.tag in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        if _TRAP_BOOL.match(node.value) or _TRAP_NUMBER.match(node.value):
            p = _pos(node)
            raise ConfigError(
                path, p.line, p.column,
                f"'{node.value}' is read by YAML 1.1 as a {'boolean' if _TRAP_BOOL.match(node.value) else 'number'}; "
                f"quote it ('{node.value}') or write {'true/false' if _TRAP_BOOL.match(node.value) else 'the number you mean'}",
            )
    if node.tag.startswith("tag:yaml.org,2002:") and node.tag.rsplit(":", 1)[1] in ("binary", "timestamp", "set", "omap", "pairs"):
        # Keep strings for timestamps etc.: rules and configs never want these types.
        return node.value
    return yaml.SafeLoader.construct_object(_LOADER_FOR_SCALARS, node)


class _ScalarLoader(yaml.SafeLoader):
    def __init__(self) -> None:  # no stream needed for constructing scalars
        yaml.SafeLoader.__init__(self, "")


_LOADER_FOR_SCALARS = _ScalarLoader()
