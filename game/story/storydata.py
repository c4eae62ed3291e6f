"""A :class:`Story` as plain JSON data and back, derived from the model's own annotations.

The play cache keeps a validated story as JSON. Its layout is not written out
field by field: every record of :mod:`game.story.model` is a named tuple
whose annotations are real types, and each is stored as the list of all its
fields in order (locations included), read back by decoders built from the
same annotations. A field added to the model is therefore stored and read
back without an edit here; a field of a type with no plain form fails the
first store or load (and the tests), instead of being dropped.

Plain forms: text, numbers, flags and None as they are; a date as its
ordinal; a tuple or named tuple as a list; a mapping as an object; a
compiled expression as ``[source, tree, kind]`` with the tree as nested
``[node name, field, ...]`` lists (see :data:`game.story.expressions.NODES`),
compiled again on reading.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

from game.story.expressions import NODES, CompiledExpr, Expr, compile_expr
from game.story.model import Story

Decoder = Callable[[Any], Any]


def to_plain(story: Story) -> dict[str, Any]:
    """The story as JSON-ready data: every annotated attribute of :class:`Story`, by name."""
    return {name: _encode(getattr(story, name)) for name in Story.__annotations__}


def from_plain(data: Mapping[str, Any]) -> Story:
    """The story :func:`to_plain` gave; raises (KeyError, TypeError, ValueError ...) on damaged data."""
    decoders = _story_decoders()
    return Story(**{name: data[name] if decode is None else decode(data[name]) for name, decode in decoders.items()})


# ---- encoding --------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, CompiledExpr):
        return [value.source, _encode_tree(value.tree), value.kind]
    if isinstance(value, tuple):  # named tuples too: every field, in order
        return [_encode(item) for item in value]
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, Mapping):
        return {key: _encode(item) for key, item in value.items()}
    raise TypeError(f"no plain form for {type(value).__name__}")


def _encode_tree(node: Expr) -> list[Any]:
    fields: list[Any] = [_encode_tree(item) if isinstance(item, tuple) else item for item in node]  # type: ignore[arg-type]
    return [type(node).__name__, *fields]


# ---- decoding ----------------------------------------------------------------------

_PLAIN = (str, int, bool, float, type(None))
_decoders: dict[str, Decoder | None] = {}


def _story_decoders() -> dict[str, Decoder | None]:
    """One decoder per attribute of :class:`Story` (None: the plain value is the value); built once."""
    if not _decoders:
        _decoders.update({name: _decoder(kind) for name, kind in Story.__annotations__.items()})
    return _decoders


def _decoder(kind: Any) -> Decoder | None:
    """How to read a value of type ``kind`` back from its plain form; None when it is its own plain form."""
    if kind in _PLAIN:
        return None
    if kind is dt.date:
        return dt.date.fromordinal
    if kind is CompiledExpr:
        return _decode_expr
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (types.UnionType, typing.Union):
        inner = [_decoder(arg) for arg in args if arg is not type(None)]
        if all(decode is None for decode in inner):
            return None
        if len(inner) == 1 and (decode := inner[0]) is not None:
            return lambda value: None if value is None else decode(value)
        raise TypeError(f"no plain form for {kind!r}: a union of several stored types")
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            each = _decoder(args[0])
            if each is None:
                return tuple
            return lambda value: tuple(map(each, value))
        return _fixed(tuple, [_decoder(arg) for arg in args])
    if origin is Mapping or origin is dict:
        item = _decoder(args[1])
        return dict if item is None else lambda value: {key: item(entry) for key, entry in value.items()}
    if isinstance(kind, type) and issubclass(kind, tuple) and hasattr(kind, "_fields"):
        annotations = typing.get_type_hints(kind)  # Loc's are postponed strings (game.story.errors)
        fields = [_decoder(annotations[name]) for name in kind._fields]
        # tuple.__new__ rather than _make: a C call, a few milliseconds of every start on the campaign.
        return _fixed(functools.partial(tuple.__new__, kind), fields)
    raise TypeError(f"no plain form for {kind!r}")


def _fixed(make: Callable[[Any], Any], fields: list[Decoder | None]) -> Decoder:
    """A decoder for a list of ``len(fields)`` items, each read by its own decoder."""
    count = len(fields)
    typed = [(i, decode) for i, decode in enumerate(fields) if decode is not None]

    def decode_fields(value: list[Any]) -> Any:
        if len(value) != count:
            raise ValueError(f"a damaged cache: {count} fields expected, {len(value)} found")
        if typed:
            value = list(value)
            for i, decode in typed:
                value[i] = decode(value[i])
        return make(value)

    return decode_fields


def _decode_expr(value: Any) -> CompiledExpr:
    source, tree, kind = value
    node = _decode_tree(tree)
    return CompiledExpr(source, node, compile_expr(node), kind)


def _decode_tree(value: Any) -> Expr:
    name, *fields = value
    args: list[Any] = [_decode_tree(item) if isinstance(item, list) else item for item in fields]
    return NODES[name](*args)
