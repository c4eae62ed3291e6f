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

The large mappings (:data:`LAZY_FIELDS`: scenes, timeline, sources, glossary)
are stored as one JSON text per entry and decoded on first access
(:class:`LazyRecords`): plain mode's first screen reads one scene of the
campaign's 77, so a warm start decodes a few kilobytes instead of half a
megabyte (on the campaign: 54 of a start's 282 million instructions went to
decoding and building every record). Each text is still JSON: data, never code.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

from game.story.expressions import NODES, CompiledExpr, Expr
from game.story.model import Story

Decoder = Callable[[Any], Any]

LAZY_FIELDS = ("scenes", "timeline", "sources", "glossary")
"""The mappings of :class:`Story` kept as one JSON text per entry, each decoded when first read."""


class LazyRecords(Mapping[str, Any]):
    """A read-only mapping whose values are decoded from their JSON text on first access, then kept.

    Its keys are known at once (iterating, ``len`` and ``in`` decode nothing). A text that does
    not decode raises where it is read; the play cache only hands out texts whose file matched
    its digest and whose record layout matched :func:`shape`, so that would be a bug, not damage.
    """

    __slots__ = ("_texts", "_decode", "_done")

    def __init__(self, texts: Mapping[str, str], decode: Decoder | None) -> None:
        self._texts = texts
        self._decode = decode
        self._done: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        done = self._done
        if key in done:
            return done[key]
        plain = json.loads(self._texts[key])
        value = plain if self._decode is None else self._decode(plain)
        done[key] = value
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __contains__(self, key: object) -> bool:
        return key in self._texts

    def __repr__(self) -> str:
        return f"LazyRecords({len(self._texts)} entries, {len(self._done)} decoded)"


def to_plain(story: Story) -> dict[str, Any]:
    """The story as JSON-ready data: every annotated attribute of :class:`Story`, by name.

    Each entry of a :data:`LAZY_FIELDS` mapping is its own compact JSON text (ASCII, ``\\u``
    escapes), so :func:`from_plain` can leave it undecoded until it is read.
    """
    plain: dict[str, Any] = {}
    dumps = json.JSONEncoder(separators=(",", ":")).encode  # one encoder: json.dumps with options makes one a call
    for name in Story.__annotations__:
        value = getattr(story, name)
        if name in LAZY_FIELDS:
            plain[name] = {key: dumps(_encode(item)) for key, item in value.items()}
        else:
            plain[name] = _encode(value)
    return plain


def from_plain(data: Mapping[str, Any]) -> Story:
    """The story :func:`to_plain` gave; raises (KeyError, TypeError, ValueError ...) on damaged data.

    The :data:`LAZY_FIELDS` mappings are :class:`LazyRecords` behind a read-only proxy (which
    :class:`Story` keeps as it is, without copying and so decoding every entry).
    """
    fields: dict[str, Any] = {}
    for name, decode in _story_decoders().items():
        value = data[name]
        if name in LAZY_FIELDS:
            if not isinstance(value, dict) or not all(isinstance(text, str) for text in value.values()):
                raise ValueError(f"a damaged cache: {name} is not a mapping of JSON texts")
            fields[name] = MappingProxyType(LazyRecords(value, _entry_decoders()[name]))
        else:
            fields[name] = value if decode is None else decode(value)
    return Story(**fields)


def shape() -> str:
    """The layout of every record the cache stores (each named tuple's name and fields), as one text.

    The cache keeps it beside the story: a model changed since the file was written misses the
    cache as a whole, instead of failing later when a lazily decoded entry is first read. Read from
    the classes' own annotations (not ``get_type_hints``: a millisecond of every start); a postponed
    (string) annotation is not followed, which only :class:`~game.story.errors.Loc`'s plain fields are.
    """
    if not _shape:
        seen: dict[str, tuple[str, ...]] = {}
        pending: list[Any] = list(Story.__annotations__.values())
        while pending:
            kind = pending.pop()
            if kind is CompiledExpr:  # not a named tuple: stored as its source, tree and kind
                seen["CompiledExpr"] = ("source", "tree", "kind")
                pending.extend(typing.get_args(Expr))
            elif isinstance(kind, type) and issubclass(kind, tuple) and hasattr(kind, "_fields"):
                if kind.__qualname__ not in seen:
                    seen[kind.__qualname__] = kind._fields
                    pending.extend(getattr(kind, "__annotations__", {}).values())
            elif not isinstance(kind, str):
                pending.extend(typing.get_args(kind))
        _shape.append(";".join(f"{name}:{','.join(fields)}" for name, fields in sorted(seen.items())))
    return _shape[0]


_shape: list[str] = []


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


_entry_decoder_table: dict[str, Decoder | None] = {}


def _story_decoders() -> dict[str, Decoder | None]:
    """One decoder per attribute of :class:`Story` (None: the plain value is the value); built once."""
    if not _decoders:
        _decoders.update(
            {name: None if name in LAZY_FIELDS else _decoder(kind) for name, kind in Story.__annotations__.items()}
        )
    return _decoders


def _entry_decoders() -> dict[str, Decoder | None]:
    """For each of :data:`LAZY_FIELDS`, the decoder of one of its values (the mapping's value type)."""
    if not _entry_decoder_table:
        for name in LAZY_FIELDS:
            args = typing.get_args(Story.__annotations__[name])
            if len(args) != 2:
                raise TypeError(f"no plain form for Story.{name}: a lazily read field must be a Mapping")
            _entry_decoder_table[name] = _decoder(args[1])
    return _entry_decoder_table


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
    return CompiledExpr(source, _decode_tree(tree), kind)  # compiled on first use


def _decode_tree(value: Any) -> Expr:
    name, *fields = value
    args: list[Any] = [_decode_tree(item) if isinstance(item, list) else item for item in fields]
    return NODES[name](*args)
