"""The one loader of settings: the JSON data files shipped under ``crossread/data/`` (word
lists, rules, thresholds, weights, defaults), optionally layered with a user settings file,
checked, and turned into frozen parameter objects.

A user settings file is named by the environment variable ``CROSSREAD_SETTINGS`` or by
``crossread --settings PATH`` (see ``use``). Its top-level keys are data file names, its
values replace the shipped ones (objects are merged key by key)::

    {"options.json": {"words": 150},
     "stories.json": {"threshold": 0.2},
     "check/thresholds.json": {"quotes": {"cosine": 0.8}}}

Every value is checked, shipped or not: a user value must have the shipped value's type and
name a key the file has, and a number must lie in the range the file's ``"_ranges"`` gives
(``{"dotted.key": [low, high]}``, ``null`` for no bound) and a string be one of its
``"_choices"``. A bad value is a one-line ``SettingsError`` naming the file and the key.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from crossread.errors import CrossreadError

ENV = "CROSSREAD_SETTINGS"
T = TypeVar("T")


class SettingsError(CrossreadError, ValueError):
    """A settings value crossread cannot use; the message names the file and the key."""


def use(path: str | Path | None) -> None:
    """Layer the user settings file ``path`` over the data files (None: the shipped files
    only) and check it now, so that a bad value is reported before any work starts.
    Call it before anything is loaded (the CLI does so for ``--settings``)."""
    if path is None:
        os.environ.pop(ENV, None)
    else:
        os.environ[ENV] = str(path)
    _user.cache_clear()
    load_json.cache_clear()
    for name in _user()[1]:
        load_json(*name.split("/"))


@cache
def _user() -> tuple[str, dict[str, Any]]:
    """(path, overrides by data file name) of the user settings file, or ("", {})."""
    path = os.environ.get(ENV, "").strip()
    if not path:
        return "", {}
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        reason = exc.strerror or exc
        raise SettingsError(f"{path}: settings file cannot be read ({reason})") from None
    except (ValueError, RecursionError) as exc:
        raise SettingsError(f"{path}: settings file is not valid JSON ({exc})") from None
    if not isinstance(doc, dict):
        raise SettingsError(f"{path}: settings file must be a JSON object of data file names")
    data = resources.files("crossread.data")
    for name, value in doc.items():
        if name.startswith("_"):
            continue
        target = data
        for part in name.split("/"):
            target = target.joinpath(part)
        if not target.is_file():
            raise SettingsError(f"{path}: {name}: no such data file")
        if not isinstance(value, dict):
            raise SettingsError(f"{path}: {name}: must be an object of settings")
    return path, {k: v for k, v in doc.items() if not k.startswith("_")}


@cache
def load_json(*parts: str) -> Any:
    """``crossread/data/<parts...>`` parsed as UTF-8 JSON, with the user settings for that
    file layered over it and every value checked; once per process.

    The result is shared between callers: treat it as read-only.
    """
    name = "/".join(parts)
    path = resources.files("crossread.data")
    for part in parts:
        path = path.joinpath(part)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SettingsError(f"crossread/data/{name}: cannot be read ({exc})") from None
    user_path, overrides = _user()
    if name in overrides:
        doc = _merge(doc, overrides[name], f"{user_path}: {name}", "")
    if isinstance(doc, dict):
        _apply(doc, _rules(doc), name, None)
    return doc


def _merge(base: Any, over: dict[str, Any], where: str, prefix: str) -> dict[str, Any]:
    if not isinstance(base, dict):
        raise SettingsError(f"{where}: {prefix.rstrip('.')}: is not a group of settings")
    out = dict(base)
    for key, value in over.items():
        dotted = prefix + key
        if key.startswith("_") or key not in base:
            raise SettingsError(f"{where}: {dotted}: no such setting")
        shipped = base[key]
        if isinstance(shipped, dict):
            if not isinstance(value, dict):
                raise SettingsError(f"{where}: {dotted}: must be an object")
            out[key] = _merge(shipped, value, where, dotted + ".")
            continue
        if not _same_type(shipped, value):
            raise SettingsError(
                f"{where}: {dotted}: must be {_kind(shipped)}, not {_kind(value)} ({value!r})"
            )
        out[key] = value
    return out


def _same_type(shipped: Any, value: Any) -> bool:
    if shipped is None:
        return value is None or isinstance(value, bool | int | float | str)
    if isinstance(shipped, bool) or isinstance(value, bool):
        return isinstance(shipped, bool) and isinstance(value, bool)
    if isinstance(shipped, int | float):
        return isinstance(value, int | float) and math.isfinite(value)
    return isinstance(value, type(shipped))


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "true or false", int: "a number", float: "a number", str: "a string"}.get(
        type(value), "a list" if isinstance(value, list) else "an object"
    )


def source(name: str, dotted: str) -> str:
    """Where the value of ``dotted`` in data file ``name`` comes from: the user settings file
    when it sets that key, else the shipped data file."""
    user_path, overrides = _user()
    value: Any = overrides.get(name, {})
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return f"crossread/data/{name}"
        value = value[part]
    return f"{user_path}: {name}"


def _lookup(doc: dict[str, Any], dotted: str) -> Any:
    value: Any = doc
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None  # not set here: the code's default applies
        value = value[part]
    return value


def _check_one(place: str, dotted: str, value: Any, rule: Any, choices: bool) -> None:
    if value is None:
        return
    if choices:
        if value not in rule:
            allowed = ", ".join(map(str, rule))
            raise SettingsError(f"{place}: {dotted}: must be one of {allowed}, got {value!r}")
        return
    low, high = rule
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SettingsError(f"{place}: {dotted}: must be a number, got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            bounds = f"between {low} and {high}"
        else:
            bounds = f"at least {low}" if low is not None else f"at most {high}"
        raise SettingsError(f"{place}: {dotted}: must be {bounds}, got {value!r}")


def _rules(doc: dict[str, Any]) -> list[tuple[str, Any, bool]]:
    return [(k, r, False) for k, r in doc.get("_ranges", {}).items()] + [
        (k, r, True) for k, r in doc.get("_choices", {}).items()
    ]


def check(doc: dict[str, Any], name: str, where: str | None = None) -> None:
    """Check values laid out like data file ``name`` (the file itself, or a dict made from
    it in code: then ``where`` names it) against the file's ``_ranges`` and ``_choices``."""
    _apply(doc, _rules(load_json(*name.split("/"))), name, where)


def _apply(
    doc: dict[str, Any], rules: list[tuple[str, Any, bool]], name: str, where: str | None
) -> None:
    for dotted, rule, choices in rules:
        _check_one(where or source(name, dotted), dotted, _lookup(doc, dotted), rule, choices)


def check_object(obj: Any, name: str) -> None:
    """Check a frozen parameter object's fields against the ``_ranges`` and ``_choices`` of
    data file ``name`` (fields named like its keys). A value that is the file's own is named
    by the file it came from, one given in code by the object's class."""
    doc = load_json(*name.split("/"))
    for dotted, rule, choices in _rules(doc):
        if "." in dotted or not hasattr(obj, dotted):
            continue
        value = getattr(obj, dotted)
        shipped = doc.get(dotted)
        same = value == (tuple(shipped) if isinstance(shipped, list) else shipped)
        place = source(name, dotted) if same else type(obj).__name__
        _check_one(place, dotted, value, rule, choices)


def default(name: str, key: str) -> Any:
    """The (layered) value of ``key`` in data file ``name``; lists come back as tuples."""
    value = load_json(*name.split("/"))[key]
    return tuple(value) if isinstance(value, list) else value


def params(cls: type[T], name: str, **overrides: Any) -> T:
    """A frozen parameter object ``cls`` from data file ``name``: each field takes the
    file's value of the same key (``overrides`` win); a key the class lacks is an error."""
    doc = load_json(*name.split("/"))
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    unknown = [k for k in doc if not k.startswith("_") and k not in known]
    if unknown:
        raise SettingsError(f"crossread/data/{name}: {unknown[0]}: no such setting")
    values = {k: default(name, k) for k in doc if not k.startswith("_")}
    values.update(overrides)
    return cls(**values)
