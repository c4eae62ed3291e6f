"""The shape of every file in a pack, declared once.

The same declarations validate the tree of located values (every problem with its
line and column, typos caught as unknown keys) and generate the JSON Schema
that editors use (``spring68 schema``), so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Mapping
from sys import intern
from typing import Any, NamedTuple, cast

from game.story.errors import Loc, Problem
from game.story.yamlnodes import (
    KIND_BITS,
    LIST,
    MAPPING,
    NULL_WORDS,
    PLAIN,
    PLAIN_SCALAR,
    SCALAR,
    LocatedList,
    Node,
    Value,
    line_col,
    located,
)

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
_ID = re.compile(ID_PATTERN)
_INT = re.compile(r"^[+-]?[0-9]+$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DATE_PATTERN = (
    r"^[0-9]{4}-("
    r"(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])"
    r"|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
    r"|02-(0[1-9]|1[0-9]|2[0-9])"
    r")$"
)
"""What a pattern can say of a date: a real month, and a day that month can have (31 in January,
30 in April, 29 in February). Only 29 February of a year that is not a leap year gets past it;
``check`` rejects that too, at the date's line."""
TRUE_WORDS = frozenset({"true", "True", "TRUE"})
FALSE_WORDS = frozenset({"false", "False", "FALSE"})
"""The spellings of true and false that every YAML reader agrees on (YAML 1.2's core schema)."""
_YAML11_BOOLS = {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "n", "Y", "N"}
MAX_INT_DIGITS = 9
MAX_ID_LENGTH = 100
_LARGEST_INT = 10**MAX_INT_DIGITS - 1
_NOT_BLANK = r"\S"
"""A text must hold one character that is not a space (``minLength`` alone lets ``'  '`` through)."""


def shown(text: str, limit: int = 60) -> str:
    """A name quoted for a message, cut short: a 4 MiB key must not become 24 MB of output."""
    text = str(text)
    return repr(text if len(text) <= limit else text[:limit] + "…")


class Kind:
    """A kind of value; subclasses convert a read value (:data:`~game.story.yamlnodes.Value`) and describe themselves
    in JSON Schema.

    Kinds are plain classes with ``__slots__``, not dataclasses: this module is on the load path of
    every command, and importing ``dataclasses`` (with ``inspect``, ``ast`` and ``dis``) costs more
    than the module itself.
    """

    __slots__ = ()

    def convert(self, value: Value, ctx: Context) -> Any:  # pragma: no cover - abstract
        """The value converted, or :data:`MISSING` with its problem reported in ``ctx``."""
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError


class Missing:
    """Marks a value that failed to convert; its problem is already reported."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = Missing()


class Context:
    __slots__ = ("file", "problems")

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def error(self, place: int, message: str, hint: str = "", code: str = "schema") -> Any:
        """Report a problem at a value's place (see :func:`~game.story.yamlnodes.pack`); return :data:`MISSING`."""
        self.problems.append(Problem(Loc(self.file, *line_col(place)), message, hint, code=code))
        return MISSING


def _describe(value: Value) -> str:
    place, content = value
    if place & KIND_BITS == MAPPING:
        return "a mapping (key: value lines)"
    if place & KIND_BITS == LIST:
        return "a list"
    return f"{content!r}" if len(content) < 40 else "a long text"  # never echo a huge value


class Text(Kind):
    __slots__ = ("doc", "allow_empty")

    def __init__(self, doc: str = "", allow_empty: bool = False) -> None:
        self.doc = doc
        self.allow_empty = allow_empty

    def convert(self, value: Value, ctx: Context) -> Any:
        place, text = value
        if place & KIND_BITS:
            return ctx.error(
                place, f"expected text, found {_describe(value)}", "write the text on one line or as a | block"
            )
        if (not text or text.isspace()) and not self.allow_empty:  # no stripped copy of every text
            return ctx.error(place, "this text is empty", "write something, or remove the key")
        return text

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": ["string", "number", "boolean"]}
        if not self.allow_empty:
            # minLength first: for '' a validator then reports "'' is too short", the clearer message.
            schema.update(minLength=1, pattern=_NOT_BLANK)
        if self.doc:
            schema["description"] = self.doc
        return schema


class Ident(Kind):
    __slots__ = ("doc",)

    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def convert(self, value: Value, ctx: Context) -> Any:
        place, text = value
        if place & KIND_BITS or not _ID.match(text):
            return ctx.error(
                place,
                f"expected an id, found {_describe(value)}",
                "ids start with a letter and use letters, digits and _ only",
            )
        if len(text) > MAX_ID_LENGTH:
            return ctx.error(
                place,
                f"this id is {len(text):,} characters long; at most {MAX_ID_LENGTH} are allowed",
                "use a short, readable id such as adv_cierna",
            )
        return intern(text)  # a scene's id, and every goto to it: one string

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN, "maxLength": MAX_ID_LENGTH}


class Int(Kind):
    __slots__ = ("doc",)

    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def convert(self, value: Value, ctx: Context) -> Any:
        place, text = value
        if place & PLAIN_SCALAR != PLAIN or not _INT.match(text):
            return ctx.error(
                place,
                f"expected a whole number, found {_describe(value)}",
                "write digits only, e.g. 3 or -2 (without quotes)",
            )
        digits = text.lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:
            return ctx.error(
                place,
                f"number has {len(digits)} digits; at most {MAX_INT_DIGITS} are allowed",
                "values in a game are small whole numbers",
            )
        return int(text)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": -_LARGEST_INT, "maximum": _LARGEST_INT}


class Bool(Kind):
    __slots__ = ("doc",)

    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def convert(self, value: Value, ctx: Context) -> Any:
        place, text = value
        if place & PLAIN_SCALAR == PLAIN:
            if text in TRUE_WORDS:
                return True
            if text in FALSE_WORDS:
                return False
            if text in _YAML11_BOOLS:
                return ctx.error(
                    place,
                    f"{text!r} is not true or false here",
                    "write true or false (yes/no/on/off mean different things to different YAML readers)",
                )
        return ctx.error(place, f"expected true or false, found {_describe(value)}", "write true or false")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Enum(Kind):
    __slots__ = ("values", "doc")

    def __init__(self, values: tuple[str, ...], doc: str = "") -> None:
        self.values = values
        self.doc = doc

    def convert(self, value: Value, ctx: Context) -> Any:
        place, text = value
        if place & KIND_BITS == SCALAR and text in self.values:
            return text
        return ctx.error(
            place,
            f"expected one of {', '.join(self.values)}, found {_describe(value)}",
            f"write one of: {', '.join(self.values)}",
        )

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.values)}


def parse_date(text: str) -> dt.date | str:
    """A ``YYYY-MM-DD`` date, or the reason it is not one."""
    match = _DATE.match(text.strip())
    if not match:
        return "expected a date written YYYY-MM-DD"
    year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        return f"{text.strip()} is not a real date ({exc})"


class Date(Kind):
    __slots__ = ("doc",)

    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def convert(self, value: Value, ctx: Context) -> Any:
        place, text = value
        if place & KIND_BITS:
            return ctx.error(
                place, f"expected a date, found {_describe(value)}", "write the date as YYYY-MM-DD, e.g. 1968-08-21"
            )
        result = parse_date(text)
        if isinstance(result, str):
            return ctx.error(place, result, "write the date as YYYY-MM-DD, e.g. 1968-08-21", code="date")
        return result

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": DATE_PATTERN}


class Expression(Kind):
    """Kept as text here; the loader parses it once it knows the declared variables."""

    __slots__ = ("doc",)

    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def convert(self, value: Value, ctx: Context) -> Any:
        place, text = value
        if place & KIND_BITS or not text or text.isspace():
            return ctx.error(
                place,
                f"expected an expression, found {_describe(value)}",
                'e.g. trust >= 4 and not visited("adv_cierna")',
            )
        return ExprSource(text, place)

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["string", "boolean", "integer"], "minLength": 1, "pattern": _NOT_BLANK, "maxLength": 500}


class ExprSource(NamedTuple):
    """An expression's text and where it is written (its place: :func:`~game.story.yamlnodes.pack`), for columns."""

    text: str
    spot: int

    @property
    def node(self) -> Node:
        """The expression's node (without its text): its line, column and quoting."""
        return located(self.spot, self.text)


class Entry(dict[str, Any]):
    """One validated mapping of a file: its converted values by key, where each came from, and the file.

    It is a dict (reads stay as fast as the loader needs on 20,000 scenes). Where the mapping and
    each of its values are written is kept beside it as packed ints (:func:`~game.story.yamlnodes.pack`),
    one array slot per value in the order of the keys, not as the file's values: so no entry keeps the
    tree of its file alive, and every later check can still point at the exact line and column.
    Values are added with :meth:`put` only, which keeps the keys and their places in step.
    """

    __slots__ = ("file", "at", "spots")

    def __init__(self, file: str, at: int) -> None:
        super().__init__()
        self.file = file
        """The file as shown to the user (see :func:`game.story.reading.display_path`)."""
        self.at = at
        """Where the mapping itself starts (its place, see :func:`~game.story.yamlnodes.pack`)."""
        self.spots = array("Q")
        """Where each converted value is written, in the order of the keys."""

    def put(self, key: str, value: Any, place: int) -> None:
        """Add one converted value and where it is written."""
        self[key] = value
        self.spots.append(place)

    def spot_of(self, key: str) -> int | None:
        """The packed place of ``key``'s value, or None when the entry has no such value."""
        if key in self:
            for index, name in enumerate(self):
                if name == key:
                    return self.spots[index]
        return None

    @property
    def node(self) -> Node:
        """The mapping's node, without its children: where the entry starts."""
        return located(self.at, {})

    @property
    def nodes(self) -> Mapping[str, Node]:
        """The node of each converted value by key, rebuilt from its place when asked for (messages only)."""
        return {key: located(place, self[key]) for key, place in zip(self, self.spots, strict=True)}

    def node_of(self, key: str) -> Node:
        """The node of ``key``'s value (which the entry must have): its place, quoting and block indentation."""
        place = self.spot_of(key)
        if place is None:
            raise KeyError(key)
        return located(place, self[key])

    def loc(self, key: str | None = None) -> Loc:
        """Where ``key``'s value is written, or where the entry starts when it has no such key."""
        place = self.spot_of(key) if key else None
        return Loc(self.file, *line_col(self.at if place is None else place))


class MapItem(NamedTuple):
    """One ``name: value`` of a :class:`MapOf`: the converted value and where its key and its value are written."""

    value: Any
    key_spot: int
    spot: int

    @property
    def key(self) -> Node:
        """The key's node (its line and column)."""
        return located(self.key_spot)

    @property
    def node(self) -> Node:
        """The value's node, without its children (a list of plain values keeps its items' places)."""
        return located(self.spot, self.value)


class ListOf(Kind):
    __slots__ = ("item", "doc", "min_items")

    def __init__(self, item: Kind, doc: str = "", min_items: int = 0) -> None:
        self.item = item
        self.doc = doc
        self.min_items = min_items

    def convert(self, value: Value, ctx: Context) -> Any:
        place, children = value
        if place & KIND_BITS != LIST:
            if place & KIND_BITS == SCALAR and not isinstance(self.item, Record):
                return ctx.error(
                    place,
                    f"expected a list, found {_describe(value)}",
                    f"write [{children}] or put each item on its own '- ' line",
                )
            return ctx.error(
                place, f"expected a list, found {_describe(value)}", "put each item on its own line starting with '- '"
            )
        convert = self.item.convert
        items = [convert(child, ctx) for child in children]
        if len(items) < self.min_items:
            return ctx.error(place, f"expected at least {self.min_items} item(s)", "add an item or remove the key")
        if isinstance(self.item, Record | PassageItem | SceneEntry):
            return [item for item in items if item is not MISSING]  # each entry knows its own place
        kept = [(item, child[0]) for item, child in zip(items, children, strict=True) if item is not MISSING]
        return LocatedList([item for item, _ in kept], array("Q", [where for _, where in kept]))

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema


class MapOf(Kind):
    """A mapping from ids to values of one kind (variables, roles, effects)."""

    __slots__ = ("value", "doc")

    def __init__(self, value: Kind, doc: str = "") -> None:
        self.value = value
        self.doc = doc

    def convert(self, value: Value, ctx: Context) -> Any:
        place, entries = value
        if place & KIND_BITS != MAPPING:
            return ctx.error(
                place, f"expected a mapping, found {_describe(value)}", "write 'name: value' lines or {name: value}"
            )
        result: dict[str, MapItem] = {}
        for name, (key, item) in cast("dict[str, tuple[int, Value]]", entries).items():
            if not _ID.match(name) or len(name) > MAX_ID_LENGTH:
                ctx.error(
                    key,
                    f"{shown(name)} is not a valid name",
                    "names start with a letter, use letters, digits and _, "
                    f"and have at most {MAX_ID_LENGTH} characters",
                )
                continue
            converted = self.value.convert(item, ctx)
            if converted is not MISSING:
                result[name] = MapItem(converted, key, item[0])
        return result

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": self.value.json_schema(),
        }


class OneOf(Kind):
    """A value that may take several shapes, chosen by the value's kind (scalar, mapping or list)."""

    __slots__ = ("scalar", "mapping", "sequence", "doc")

    def __init__(
        self, scalar: Kind | None = None, mapping: Kind | None = None, sequence: Kind | None = None, doc: str = ""
    ) -> None:
        self.scalar = scalar
        self.mapping = mapping
        self.sequence = sequence
        self.doc = doc

    def convert(self, value: Value, ctx: Context) -> Any:
        shape = value[0] & KIND_BITS
        kind = self.scalar if shape == SCALAR else self.mapping if shape == MAPPING else self.sequence
        if kind is None:
            shapes = [
                name
                for name, k in (("a single value", self.scalar), ("a mapping", self.mapping), ("a list", self.sequence))
                if k
            ]
            return ctx.error(
                value[0], f"expected {' or '.join(shapes)}, found {_describe(value)}", self.doc or "see docs/format.md"
            )
        return kind.convert(value, ctx)

    def json_schema(self) -> dict[str, Any]:
        return by_json_type(
            scalar=self.scalar.json_schema() if self.scalar else None,
            mapping=self.mapping.json_schema() if self.mapping else None,
            sequence=self.sequence.json_schema() if self.sequence else None,
        )


def by_json_type(
    *,
    scalar: dict[str, Any] | None = None,
    mapping: dict[str, Any] | None = None,
    sequence: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One schema that picks a shape by the value's JSON type, as :class:`OneOf` picks by the value's kind.

    An ``if``/``then``/``else`` chain rather than ``anyOf``: a validator then reports the
    mistake inside the one shape that applies ("label: '' is too short") instead of "not
    valid under any of the given schemas". A value of a type no shape takes is judged by
    the last shape (the scalar one when there is one), whose type error names what is expected.
    """
    shapes = [("object", mapping), ("array", sequence)]
    tried = [(json_type, schema) for json_type, schema in shapes if schema is not None]
    if scalar is not None:
        result = scalar
    else:
        assert tried, "a shape needs at least one kind"
        result = tried.pop()[1]
    for json_type, schema in reversed(tried):
        result = {"if": {"type": json_type}, "then": schema, "else": result}
    return result


class Field:
    __slots__ = ("name", "kind", "required", "doc")

    def __init__(self, name: str, kind: Kind, required: bool = False, doc: str = "") -> None:
        self.name = name
        self.kind = kind
        self.required = required
        self.doc = doc


class Record(Kind):
    """A mapping with a fixed set of keys; anything else is reported as a probable typo."""

    def __init__(self, name: str, fields: list[Field], doc: str = "", json_extra: dict[str, Any] | None = None) -> None:
        self.name = name
        self.fields = {f.name: f for f in fields}
        self.required = tuple(f.name for f in fields if f.required)
        self.converters = {f.name: f.kind.convert for f in fields}
        """Each key's converter, its kind's method bound once: :meth:`convert` runs for every value of a pack."""
        self.doc = doc
        self.json_extra = json_extra or {}
        """More JSON Schema for rules between keys that the builder checks (e.g. a flag's start is true or false)."""

    def convert(self, value: Value, ctx: Context) -> Any:
        place, entries = value
        if place & KIND_BITS != MAPPING:
            return ctx.error(
                place,
                f"expected a {self.name} (a mapping of keys), found {_describe(value)}",
                f"a {self.name} has keys such as {', '.join(list(self.fields)[:4])}",
            )
        result = Entry(ctx.file, place)
        fields = self.fields
        converters = self.converters
        add_spot = result.spots.append  # Entry.put, inline: this runs for every value of a pack
        nulls = NULL_WORDS
        for name, (key, item) in cast("dict[str, tuple[int, Value]]", entries).items():
            convert = converters.get(name)
            if convert is None:
                import difflib  # only for a mistake

                close = difflib.get_close_matches(name, list(self.fields), n=1) if len(name) <= 100 else []
                hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(self.fields)}"
                ctx.error(key, f"unknown key {shown(name)} in {self.name}", hint, code="unknown-key")
                continue
            where = item[0]
            if where & PLAIN and item[1] in nulls:  # Node.is_null, inline (only a scalar is ever plain)
                if fields[name].required:
                    ctx.error(where, f"'{name}' has no value", f"give {self.name} a {name}")
                continue
            converted = convert(item, ctx)
            if converted is not MISSING:
                result[name] = converted
                add_spot(where)
        for name in self.required:
            if name not in entries:
                spec = fields[name]
                ctx.error(place, f"{self.name} has no '{name}'", spec.doc or f"add '{name}:'", code="missing-key")
        return result

    def json_schema(self) -> dict[str, Any]:
        props = {}
        for name, spec in self.fields.items():
            schema = dict(spec.kind.json_schema())
            if spec.doc:
                schema["description"] = spec.doc
            props[name] = schema
        out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            out["required"] = required
        if self.doc:
            out["description"] = self.doc
        out.update(self.json_extra)
        return out


# ---- the files of a pack -------------------------------------------------------------

DELTA = OneOf(scalar=Expression(), doc="a whole number such as +1 or an expression")

CHOICE = Record(
    "choice",
    [
        Field("id", Ident(), doc="stable id within the scene; default: the goto target"),
        Field("label", Text(), True, "what the player reads on the button"),
        Field("if", Expression(), doc="condition for the choice to be offered"),
        Field("do", MapOf(DELTA), doc="changes: variable: +1 / -2 / expression"),
        Field("set", MapOf(Expression()), doc="assignments: variable: value"),
        Field("goto", Ident(), True, "the id of the next scene"),
        Field("record", Text(), doc="what real people did about this option"),
    ],
)

HISTORY = Record(
    "history",
    [
        Field("text", Text(), True, "what really happened, in your own words"),
        Field("sources", ListOf(Ident(), min_items=1), True, "ids from sources.yaml"),
    ],
)

ENDING = Record(
    "ending",
    [
        Field("title", Text(), True, "the ending's name"),
        Field("epilogue", Text(), True, "what becomes of the player's character"),
        Field("counterfactual", Bool(), doc="true when this ending departs from the historical record"),
        Field("instead", Text(), doc="for a counterfactual ending: what really happened"),
    ],
)

PASSAGE = Record(
    "passage",
    [
        Field("if", Expression(), True, "when the passage is shown; a passage always shown is a plain text"),
        Field("text", Text(), True, "the passage's prose (Markdown; {variable} shows a value)"),
    ],
    doc="a passage shown only when its condition holds in the state the player reads the scene in",
)


class PassageItem(Kind):
    """One item of a scene's list of passages: a text always shown, or a ``{if:, text:}`` mapping.

    Both come out as an :class:`Entry` with a ``text`` (and for a mapping an ``if``), so the loader
    checks every passage the same way, each at its own line.
    """

    def convert(self, value: Value, ctx: Context) -> Any:
        if value[0] & KIND_BITS == MAPPING:
            return PASSAGE.convert(value, ctx)
        text = Text().convert(value, ctx)
        if text is MISSING:
            return MISSING
        entry = Entry(ctx.file, value[0])
        entry.put("text", text, value[0])
        return entry

    def json_schema(self) -> dict[str, Any]:
        return by_json_type(scalar=Text().json_schema(), mapping=PASSAGE.json_schema())


SCENE = Record(
    "scene",
    [
        Field("id", Ident(), True, "unique id of the scene"),
        Field("title", Text(), True, "a short name used in saves and lists"),
        Field("date", Date(), True, "YYYY-MM-DD, the real date"),
        Field("place", Text(), True, "where the scene happens"),
        Field("role", Ident(), doc="the role, if the folder does not say it"),
        Field("anchor", Ident(), doc="id of a timeline event whose dates include this scene's date"),
        Field("flashback", Bool(), doc="allows this scene's date to be earlier than the scene before"),
        Field("replace", Bool(), doc="in a mod: replace the base scene with the same id"),
        Field(
            "text",
            OneOf(scalar=Text(), sequence=ListOf(PassageItem(), min_items=1)),
            True,
            "the scene's prose (Markdown; {variable} shows a value), or a list of passages: "
            "texts always shown and {if: condition, text: ...} shown when the condition holds",
        ),
        Field("choices", ListOf(CHOICE), doc="the player's options (not in an ending)"),
        Field("history", HISTORY, True, "what really happened, with sources"),
        Field("discuss", ListOf(Text()), doc="classroom discussion prompts"),
        Field("ending", ENDING, doc="makes this scene an ending"),
    ],
)

EXTENSION = Record(
    "scene extension",
    [
        Field("extend", Ident(), True, "in a mod: the id of a scene to add choices or prompts to"),
        Field("choices", ListOf(CHOICE), doc="choices added after the scene's own"),
        Field("discuss", ListOf(Text()), doc="discussion prompts added after the scene's own"),
    ],
    doc="adds to a scene of the pack below without copying it",
)


class SceneEntry(Kind):
    """An entry of a scene file: a scene, or (in a mod) an extension of one."""

    def convert(self, value: Value, ctx: Context) -> Any:
        if value[0] & KIND_BITS == MAPPING and "extend" in value[1]:
            return EXTENSION.convert(value, ctx)
        return SCENE.convert(value, ctx)

    def json_schema(self) -> dict[str, Any]:
        # Told apart by the 'extend' key, as convert() does: the errors are then those of the one record that applies.
        return {
            "if": {"type": "object", "required": ["extend"]},
            "then": EXTENSION.json_schema(),
            "else": SCENE.json_schema(),
        }


SCENE_FILE = ListOf(SceneEntry())


class StartingValue(Text):
    """A variable's ``initial:``: kept as text, judged by the builder once it knows the variable's type."""

    __slots__ = ()

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["integer", "boolean", "string"]}


_FLAG_START = {
    "type": ["boolean", "string"],
    "pattern": "^(" + "|".join(sorted(TRUE_WORDS | FALSE_WORDS)) + ")$",
    "description": "a flag starts true or false (not yes/no/on/off)",
}
_NUMBER_START = {
    "type": ["integer", "string"],
    "pattern": f"^[+-]?[0-9]{{1,{MAX_INT_DIGITS}}}$",
    "minimum": -_LARGEST_INT,
    "maximum": _LARGEST_INT,
    "description": "a number starts at a whole number",
}

_NOT_FOR_A_FLAG = {"not": {}, "description": "a flag has no min or max"}

VARIABLE = Record(
    "variable",
    [
        Field("label", Text(), True, "what the player reads"),
        Field("type", Enum(("number", "flag")), doc="number (default) or flag"),
        Field("min", Int(), doc="lowest value (numbers; default 0)"),
        Field("max", Int(), doc="highest value (numbers; default 10)"),
        Field("initial", StartingValue(), doc="starting value"),
        Field("shown", Bool(), doc="shown on screen as a bar (default: numbers yes, flags no)"),
        Field("role", Ident(), doc="only used in this role"),
    ],
    json_extra={
        "if": {"required": ["type"], "properties": {"type": {"const": "flag"}}},
        # {"not": {}} rather than false: jsonschema leaves the key out of the path of a false schema's error.
        "then": {"properties": {"initial": _FLAG_START, "min": _NOT_FOR_A_FLAG, "max": _NOT_FOR_A_FLAG}},
        "else": {"properties": {"initial": _NUMBER_START}},
    },
)

ROLE = Record(
    "role",
    [
        Field("title", Text(), True, "the role's name on the title screen"),
        Field("summary", Text(), doc="one line under the title"),
        Field("start", Ident(), True, "the id of the first scene"),
    ],
)

PACK = Record(
    "pack",
    [
        Field("id", Ident(), True, "the pack's id"),
        Field("title", Text(), True, "the pack's title"),
        Field("version", Int(), doc="bump when scenes change meaning"),
        Field("description", Text(), doc="one paragraph for the title screen"),
        Field("content_note", Text(), doc="shown once before play"),
        Field("extends", Ident(), doc="the id of the pack this mod adds to"),
        Field("roles", MapOf(ROLE), doc="the playable roles"),
        Field("variables", MapOf(VARIABLE), doc="declared variables"),
        Field(
            "fixed_points",
            OneOf(sequence=ListOf(Ident()), mapping=MapOf(ListOf(Ident()))),
            doc="timeline ids every non-counterfactual path passes, in order; a list, or a list per role",
        ),
    ],
)

FIGURE = Record(
    "figure",
    [
        Field("label", Text(), True, "what is counted"),
        Field("value", Text(), True, "the value or range, as text"),
    ],
)

EVENT = Record(
    "event",
    [
        Field("id", Ident(), True),
        Field(
            "date",
            OneOf(
                scalar=Date(), mapping=Record("date range", [Field("start", Date(), True), Field("end", Date(), True)])
            ),
            True,
            "YYYY-MM-DD or {start, end}",
        ),
        Field("title", Text(), True),
        Field("summary", Text(), True),
        Field("figures", ListOf(FIGURE)),
        Field("sources", ListOf(Ident())),
    ],
)

SOURCE = Record(
    "source",
    [
        Field("id", Ident(), True),
        Field("kind", Enum(("book", "document", "archive", "article")), True),
        Field("author", Text()),
        Field("title", Text(), True),
        Field("publisher", Text()),
        Field("year", Int()),
        Field("url", Text()),
        Field("note", Text()),
    ],
)

GLOSSARY_ENTRY = Record(
    "glossary entry",
    [
        Field("id", Ident(), True),
        Field("term", Text(), True),
        Field("kind", Enum(("person", "place", "organisation", "term")), True),
        Field("text", Text(), True),
        Field("aliases", ListOf(Text())),
    ],
)

TIMELINE_FILE = ListOf(EVENT)
SOURCES_FILE = ListOf(SOURCE)
GLOSSARY_FILE = ListOf(GLOSSARY_ENTRY)


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema (draft-07) documents for each kind of file, keyed by file name."""
    from game.story.lessons import lesson_file_kind  # built on first use, like the reading of lessons.yaml

    out = {}
    for name, kind, title in (
        ("scene.schema.json", SCENE_FILE, "Spring '68 scene file"),
        ("pack.schema.json", PACK, "Spring '68 pack.yaml"),
        ("timeline.schema.json", TIMELINE_FILE, "Spring '68 timeline.yaml"),
        ("sources.schema.json", SOURCES_FILE, "Spring '68 sources.yaml"),
        ("glossary.schema.json", GLOSSARY_FILE, "Spring '68 glossary.yaml"),
        ("lessons.schema.json", lesson_file_kind(), "Spring '68 lessons.yaml"),
    ):
        schema = {"$schema": "http://json-schema.org/draft-07/schema#", "title": title}
        schema.update(kind.json_schema())
        out[name] = schema
    return out
