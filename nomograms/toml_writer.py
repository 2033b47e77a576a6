"""Writing definitions and golden files as TOML (the standard library only reads it).

Covers what definitions hold: text, numbers, true/false, lists, tables and arrays of tables. A
dict inside a list is written inline (`{ value = "1", label = "1" }`), as the shipped files do.
"""

import json
import math
import re

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(key):
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"TOML definitions hold finite numbers only, not {value}")
        return repr(value)
    if isinstance(value, str):
        # JSON's escapes are TOML basic-string escapes, except JSON may write \/ (it does not here).
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_key(key)} = {_value(item)}" for key, item in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _is_table_array(value):
    return isinstance(value, list | tuple) and value and all(isinstance(item, dict) for item in value)


def _table(data, path, lines):
    for key, value in data.items():
        if not isinstance(value, dict) and not _is_table_array(value):
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in data.items():
        name = f"{path}.{_key(key)}" if path else _key(key)
        if isinstance(value, dict):
            lines += ["", f"[{name}]"]
            _table(value, name, lines)
        elif _is_table_array(value):
            for item in value:
                lines += ["", f"[[{name}]]"]
                _table(item, name, lines)


def dumps(data: dict, header: str = "") -> str:
    """`data` as TOML text; `header` (lines of text) goes first as comments."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    if lines:
        lines.append("")
    _table(data, "", lines)
    return "\n".join(lines).strip("\n") + "\n"
