"""Read YAML into a tree of located values, without ever resolving types.

Why not ``yaml.safe_load``: it turns ``no`` into ``False`` and ``1968-02-30``
into a bare ``ValueError``, loses line numbers, and silently keeps the last of
two duplicate keys. Why not ``yaml.compose``: its composer recurses (a
10,000-deep document overflows the stack) and expands aliases without limit.

So we take only the *event stream* from PyYAML's safe parser (libyaml when it
is there) and build the tree ourselves, iteratively, with limits on depth,
size and alias expansion. Scalars stay the text that was written; the
schema decides what a value means. No constructor runs, so no tag can ever
reach Python.
"""

from __future__ import annotations

import codecs
import os
import re
from array import array
from collections.abc import Iterator
from sys import intern
from typing import Any, cast

import yaml

from game.story.errors import Loc, Problem
from game.story.packfiles import MAX_FILE_BYTES, PackRefused, read_regular, too_big

try:  # libyaml is about ten times faster; the pure-Python parser is the same grammar
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
MAX_VALUES = 100_000
"""Values in one file, aliases expanded. The whole campaign's largest file has under 2,000;
the limit bounds the work every later stage does on a hostile file."""

_STR_TAG = "tag:yaml.org,2002:str"
_BLOCK = ("|", ">")
MAX_CHARACTER_PROBLEMS = 20
"""Findings about characters listed per file; the rest are counted in one more finding."""


Value = tuple[int, Any]
"""A YAML value as the reader gives it: ``(place, content)``.

``place`` is where and how the value is written, packed into one int (see :func:`pack`): its line
and column, its kind (scalar, mapping or list), whether a scalar is plain and whether it is a
block. ``content`` is, for a scalar, the text exactly as written; for a mapping, a dict from key
text to ``(key_place, value)``; for a list, a list of values. A value is a plain tuple, not an
object, because the reader makes one for every value of every file and the schema reads each once:
a tuple costs a fifth of an object's making, and its place, packed as it is read, is the very int a
validated entry keeps (:class:`game.story.schema.Entry`), so nothing is packed twice. Where a
message needs a value's line, column or quoting by name, :func:`located` unpacks it into a
:class:`Node`.
"""


class Node:
    """A value with its place unpacked, for messages and for reading a tree by name (:func:`node_tree`).

    A plain class, not a dataclass: see :class:`game.story.schema.Kind`. ``kind`` is ``"map"``,
    ``"seq"`` or ``"scalar"``; ``value`` is a scalar's text, or what a value was converted to, or (in
    :func:`node_tree`) a dict from key text to ``(key_place, node)`` or a list of nodes. ``plain``
    tells a plain scalar (``3``, ``true``) from a quoted or block one (``"3"``).
    """

    __slots__ = ("kind", "value", "line", "col", "plain", "block", "indent")

    def __init__(
        self,
        kind: str,
        value: object,
        line: int,
        col: int,
        plain: bool = False,
        block: bool = False,
        indent: int = 0,
    ) -> None:
        self.kind = kind
        self.value = value
        self.line = line
        self.col = col
        self.plain = plain
        self.block = block
        """A ``|`` or ``>`` block scalar: its text starts on the line after ``line``."""
        self.indent = indent
        """For a literal ``|`` block, the columns of indentation of its lines (0: not known, or folded)."""

    def __repr__(self) -> str:
        return f"Node({self.kind!r}, {self.value!r}, line={self.line}, col={self.col})"

    def loc(self, file: str) -> Loc:
        return Loc(file, self.line, self.col)

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in NULL_WORDS  # only a scalar is ever plain


NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
"""The plain scalars that YAML reads as no value."""

_COL_BITS = 23
_INDENT_BITS = 14
_FLAG_BITS = 4
_KIND_CODES = {"scalar": 0, "map": 1, "seq": 2}
_KINDS = ("scalar", "map", "seq", "scalar")
assert MAX_FILE_BYTES + 2 < 1 << _COL_BITS, "a line or column of the largest file must fit its bits"
KIND_BITS = 12
"""A place's kind, as ``place & KIND_BITS``: :data:`SCALAR`, :data:`MAPPING` or :data:`LIST`."""
SCALAR, MAPPING, LIST = 0, 1 << 2, 2 << 2
PLAIN = 2
"""``place & PLAIN``: a plain scalar (``3``, ``true``, ``no``), not quoted and not a block."""
BLOCK = 1
"""``place & BLOCK``: a ``|`` or ``>`` block scalar."""
PLAIN_SCALAR = KIND_BITS | PLAIN
"""``place & PLAIN_SCALAR == PLAIN``: a plain scalar (a container is never plain)."""
_LINE_SHIFT = _COL_BITS + _INDENT_BITS + _FLAG_BITS
_COL_SHIFT = _INDENT_BITS + _FLAG_BITS


def pack(line: int, col: int, kind: str = "scalar", plain: bool = False, block: bool = False, indent: int = 0) -> int:
    """Where a value is written and how (kind, plain, block, indent), packed into one unsigned 64-bit int.

    A validated entry keeps these instead of its values (see :class:`game.story.schema.Entry`), so a
    file's tree is freed as soon as its entries are built: a located value then costs 8 bytes in an
    array. Line and column take 23 bits each (a 4 MiB file has fewer lines and columns than that); a
    ``|`` block's indentation takes 14, and one indented further is kept as 0 ("not known"), which
    places a mistake inside it at the start of the block, as for a folded block.
    """
    indent = indent if indent < 1 << _INDENT_BITS else 0
    packed = (line << _COL_BITS | col) << _INDENT_BITS | indent
    return packed << _FLAG_BITS | _KIND_CODES[kind] << 2 | plain << 1 | block


def located(packed: int, value: object = None) -> Node:
    """The node a place (:func:`pack`) describes, without its children: ``value`` is what it was converted to.

    A list converted with the places of its items (a :class:`LocatedList`) gets them back as
    child nodes, so ``located(...).value[i]`` is where its item ``i`` is written.
    """
    kind = _KINDS[packed >> 2 & 3]
    rest = packed >> _FLAG_BITS
    line, col = line_col(packed)
    if kind == "seq":
        listed = value if isinstance(value, LocatedList) else LocatedList([], array("Q"))
        items: object = [located(place, item) for place, item in zip(listed.spots, listed, strict=True)]
    else:
        items = {} if kind == "map" else value
    return Node(kind, items, line, col, bool(packed & 2), bool(packed & 1), rest & ((1 << _INDENT_BITS) - 1))


def node_tree(value: Value) -> Node:
    """The whole tree under ``value`` as nodes, each place unpacked: for reading a small file by name.

    The loader reads values as tuples (see :data:`Value`); this is for reading a small tree by name
    (the tests do, on the texts they write). Iterative: a file may nest 64 deep
    and aliases may repeat a subtree, which is unpacked once and shared, as the reader shares it.
    """
    made: dict[int, Node] = {}
    pending = [value]
    while pending:
        current = pending[-1]
        if id(current) in made:
            pending.pop()
            continue
        place, content = current
        kind = place & KIND_BITS
        children = list(content.values()) if kind == MAPPING else content if kind == LIST else []
        todo = [child[1] if kind == MAPPING else child for child in children]
        waiting = [child for child in todo if id(child) not in made]
        if waiting:
            pending.extend(waiting)
            continue
        node = located(place, content)
        if kind == MAPPING:
            node.value = {name: (key, made[id(child)]) for name, (key, child) in content.items()}
        elif kind == LIST:
            node.value = [made[id(child)] for child in content]
        made[id(current)] = node
        pending.pop()
    return made[id(value)]


def line_and_column(packed: int) -> int:
    """A place's line and column alone, packed as :func:`game.story.errors.packed_place` packs them.

    Both pack a line above a 23-bit column, so this is one shift: the builder keeps each key's
    place this way (:class:`game.story.errors.PackedLocs`) without unpacking and packing it again.
    """
    return packed >> _COL_SHIFT


def line_col(packed: int) -> tuple[int, int]:
    """The line and column of a place (:func:`pack`)."""
    rest = packed >> (_FLAG_BITS + _INDENT_BITS)
    return rest >> _COL_BITS, rest & ((1 << _COL_BITS) - 1)


class LocatedList(list[Any]):
    """A converted list of plain values (ids, texts) that knows where each item is written (``spots``)."""

    __slots__ = ("spots",)

    def __init__(self, items: list[Any], spots: array[int]) -> None:
        super().__init__(items)
        self.spots = spots


class YamlProblem(Exception):
    """A file that cannot be read as YAML; carries one located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


def _fail(file: str, line: int, col: int, message: str, hint: str) -> YamlProblem:
    return YamlProblem(Problem(Loc(file, line, col), message, hint, code="yaml"))


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    return line, index - start + 1


def decode(data: bytes, file: str, size: int | None = None) -> str:
    """Turn file bytes into text, or explain precisely why they are not UTF-8 YAML.

    Callers read at most ``MAX_FILE_BYTES + 1`` bytes of a file, so ``data``
    may be only the start of it; ``size`` is the file's real size when known.
    """
    if len(data) > MAX_FILE_BYTES or (size is not None and size > MAX_FILE_BYTES):
        refusal = too_big(max(len(data), size or 0))
        raise _fail(file, 1, 1, refusal.message, refusal.hint)
    for bom, name in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if data.startswith(bom):
            raise _fail(file, 1, 1, f"file is encoded as {name}", "save it as UTF-8 (without a byte-order mark)")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line, col = _line_col(good, len(good))
        raise _fail(
            file,
            line,
            col,
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
            "save the file as UTF-8; in most editors: 'Save with encoding' → UTF-8",
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line, col = _line_col(text, nul)
        raise _fail(
            file, line, col, "file contains a NUL byte", "this looks like a binary file; scene files are plain text"
        )
    return text


_HINTS = (
    ("found character '\\t'", "indent with spaces, not tabs"),
    ("tab character", "indent with spaces, not tabs"),
    ("mapping values are not allowed", "a value containing ': ' must be quoted, or use a | block"),
    ("found undefined alias", "define the anchor (&name) before using *name"),
    ("could not find expected ':'", "check the line above: a key needs 'key: value'"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("did not find expected key", "check the indentation of this line against the ones above"),
    ("found duplicate anchor", "give each anchor (&name) a different name"),
    ("special characters are not allowed", "remove control characters from the file"),
    ("maximum nesting depth", "scene files need only a few levels; look for runaway brackets or indentation"),
)


def _hint_for(message: str) -> str:
    for needle, hint in _HINTS:
        if needle in message:
            return hint
    return "check the YAML syntax at this place (indentation, quotes, colons)"


def _from_reader_error(exc: yaml.reader.ReaderError, text: str, file: str) -> YamlProblem:
    """A character YAML does not allow (control characters and the like), located in the text."""
    position = exc.position if isinstance(exc.position, int) else 0
    if _Loader is not yaml.SafeLoader:  # libyaml counts bytes of the UTF-8 text, the Python reader characters
        position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
    line, col = _line_col(text, min(max(position, 0), len(text)))
    char = exc.character
    code = ord(char) if isinstance(char, str) and len(char) == 1 else char if isinstance(char, int) else None
    shown = f"the character U+{code:04X}" if code is not None else "a character"
    message = f"YAML syntax: {shown} is not allowed here ({exc.reason})"
    return _fail(file, line, col, message, "remove control characters from the file")


def _from_yaml_error(exc: yaml.YAMLError, text: str, file: str) -> YamlProblem:
    """A syntax error, placed where the modder made it: an odd indent, or the start of what is not closed."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    odd = _odd_indentation(text, line)
    if odd is not None:
        odd_line, odd_col, char = odd
        import unicodedata  # only on this error path

        named = f"U+{ord(char):04X} {unicodedata.name(char, 'SPACE-LIKE CHARACTER')}"
        return _fail(
            file,
            odd_line,
            odd_col,
            f"YAML syntax: this line is indented with {named}, which YAML does not count as "
            f"indentation (the parser gave up at line {line}: {problem})",
            "replace it with ordinary spaces (an editor's 'show whitespace' makes it visible)",
        )
    opened = getattr(exc, "context_mark", None)
    if context in _UNCLOSED and opened is not None and (opened.line + 1, opened.column + 1) != (line, col):
        what, fix = _UNCLOSED[context]
        return _fail(
            file,
            opened.line + 1,
            opened.column + 1,
            f"YAML syntax: the {what} that begins here is never closed (the parser gave up at line {line}: {problem})",
            fix,
        )
    if "mapping values are not allowed" in message and _indented_more(text, line):
        return _fail(
            file,
            line,
            col,
            message,
            "this line is indented further than the key above it: line the keys of one entry up under each other",
        )
    return _fail(file, line, col, message, _hint_for(message))


_UNCLOSED = {
    "while scanning a quoted scalar": ("quoted value", "close the quote on the line where the value ends"),
    "while parsing a flow mapping": ("{ ... } mapping", "close it with } (a value holding ', ' or '}' needs quotes)"),
    "while parsing a flow sequence": ("[ ... ] list", "close it with ] (a value holding ', ' or ']' needs quotes)"),
}


def _block_indent(text: str, start: int) -> int:
    """The indentation of a literal block's first non-blank line, the block's indicator being at ``start``.

    The loader needs it to place a ``{typo}`` inside ``text: |`` at its own line
    and column; found only for literal blocks, whose lines are the file's lines.
    """
    at = text.find("\n", start)
    while 0 <= at < len(text) - 1:
        end = text.find("\n", at + 1)
        row = text[at + 1 : end if end >= 0 else len(text)]
        if row.strip():
            return len(row) - len(row.lstrip(" "))
        at = end
    return 0


def _odd_indentation(text: str, upto: int) -> tuple[int, int, str] | None:
    """The first line up to ``upto`` whose indentation holds a space-like character that is not a space."""
    for number, row in enumerate(text.split("\n")[:upto], 1):
        for col, char in enumerate(row, 1):
            if char == " ":
                continue
            if char in _SPACE_LIKE:
                return number, col, char
            break
    return None


_SPACE_LIKE = frozenset(
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"
)
"""Characters that look like (or are as wide as nothing or) a space, which YAML reads as content, not indentation."""


def _indented_more(text: str, line: int) -> bool:
    """Whether line ``line`` (a ``key: value``) is indented further than the nearest line above it."""
    rows = text.split("\n")
    if not 1 <= line <= len(rows):
        return False
    here = rows[line - 1]
    if not re.match(r"\s*[A-Za-z_][\w-]*:(\s|$)", here):
        return False
    for above in reversed(rows[: line - 1]):
        if above.strip() and not above.lstrip().startswith("#"):
            indent = len(above) - len(above.lstrip(" -"))
            return len(here) - len(here.lstrip(" ")) > indent and not above.rstrip().endswith((":", "|", ">"))
    return False


def parse(text: str, file: str, problems: list[Problem] | None = None, utf8: bytes | None = None) -> Value | None:
    """Read a one-document YAML text into its tree of values (:data:`Value`); ``None`` for an empty file.

    Problems that leave the tree usable (a duplicate key, a tag) are appended to
    ``problems`` so that one run reports them all; a syntax error or a broken
    limit ends the file with :class:`YamlProblem`. ``utf8`` is the file's bytes when the caller
    has them (``text`` decoded): the look for suspect characters then need not encode the text again.

    This loop runs once for every value of every file, so it is written for speed: the common
    cases (a scalar, a key, a value under a key, a list item) are inline, a value is a tuple whose
    place is packed here once (a key keeps only its place: a quarter of the values are keys), each
    open container is a list ``[value, pending key's place, is a list, its children, pending key's
    name]`` read by index, and the search for suspect characters runs once over the whole text and
    per value only when the text has one (or a backslash: only a double-quoted escape can make a
    character the text does not hold).
    """
    found = problems if problems is not None else []
    suspect = None
    if _may_hold_suspects(text, utf8):
        from game.story import characters  # its patterns are compiled only for a text that may need them

        suspect = characters.SUSPECT.search
    findings = _CharacterFindings(file, text, found)
    root: Value | None = None
    # [container, pending key's place or None, is a sequence, its list or dict, pending key's name]
    stack: list[list[Any]] = []
    anchors: dict[str, Value] = {}
    sizes: dict[int, int] = {}
    total = 0
    aliases = 0
    documents = 0
    # Bound once: this loop runs for every value of every file.
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end, doc_start = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.DocumentStartEvent
    line_shift, col_shift = _LINE_SHIFT, _COL_SHIFT
    block = _BLOCK
    str_tag = _STR_TAG
    max_values = MAX_VALUES
    try:
        for event in _events(text):
            cls = type(event)
            if cls is scalar_event:
                mark = event.start_mark
                content = event.value
                if suspect is not None and suspect(content) is not None:
                    content = findings.check(content, mark, event.end_mark)
                style = event.style
                plain = event.implicit[0] and not style
                if style in block:
                    indent = _block_indent(text, mark.index) if style == "|" else 0
                    place = pack(mark.line + 1, mark.column + 1, "scalar", plain, True, indent)
                else:  # pack(line, col, "scalar", plain), inline (tests/story/test_load_speed.py holds the two equal)
                    place = (mark.line + 1 << line_shift) | (mark.column + 1 << col_shift | plain << 1)
                tag = event.tag
                if tag is not None and tag != "!" and tag != str_tag:
                    found.append(_tag_problem(file, mark.line + 1, mark.column + 1, tag))
                total += 1
                if stack and event.anchor is None:
                    top = stack[-1]
                    if not top[2] and top[1] is None:  # the key of the next value: kept as its place
                        if plain and content == "<<":
                            found.append(_merge_key(file, mark.line + 1, mark.column + 1))
                        if total > max_values:
                            raise _too_many(file, place, aliases)
                        top[1] = place
                        top[4] = intern(content)  # the same few keys in every entry: one string for each
                        continue
                value: Value = (place, content)
                if event.anchor is not None:
                    anchors[event.anchor] = value
            elif cls is map_start or cls is seq_start:
                mark = event.start_mark
                line, col = mark.line + 1, mark.column + 1
                if event.tag is not None and not event.implicit:
                    found.append(_tag_problem(file, line, col, event.tag))
                if len(stack) >= MAX_DEPTH:
                    raise _fail(
                        file,
                        line,
                        col,
                        f"nesting is deeper than {MAX_DEPTH} levels",
                        "scene files need only a few levels; look for runaway brackets or indentation",
                    )
                is_map = cls is map_start
                children: Any = {} if is_map else []
                value = (line << line_shift | col << col_shift | (MAPPING if is_map else LIST), children)
                if event.anchor is not None:
                    anchors[event.anchor] = value
                total += 1
                if total > max_values:
                    raise _too_many(file, value[0], aliases)
                stack.append([value, None, not is_map, children, None])
                continue
            elif cls is map_end or cls is seq_end:
                value = stack.pop()[0]
            elif cls is alias_event:
                mark = event.start_mark
                line, col = mark.line + 1, mark.column + 1
                target = anchors.get(event.anchor)
                if target is None:  # libyaml reports this itself; kept for the pure-Python parser
                    raise _fail(
                        file,
                        line,
                        col,
                        f"unknown alias *{event.anchor}",
                        "define the anchor (&name) before using *name",
                    )
                if any(entry[0] is target for entry in stack):
                    raise _fail(
                        file,
                        line,
                        col,
                        f"the alias *{event.anchor} refers to a value that contains it",
                        "an alias cannot repeat its own container",
                    )
                value = target
                total += size_of(value, sizes)
                aliases += 1
            elif cls is doc_start:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise _fail(
                        file,
                        mark.line + 1,
                        mark.column + 1,
                        "a second YAML document (---) in one file",
                        "put one document in each file: remove the '---' line or split the file",
                    )
                continue
            else:
                continue
            if total > max_values:
                raise _too_many(file, value[0], aliases)
            if not stack:
                root = value
                continue
            top = stack[-1]
            if top[2]:  # an item of a list
                top[3].append(value)
                continue
            key = top[1]
            if key is None:  # a key that is not a plain scalar (an alias, a list, an anchored word)
                top[1] = value[0]
                top[4] = _key_name(value, file, found)
                continue
            top[1] = None
            entries = top[3]
            name = top[4]
            if name in entries:
                found.append(_duplicate(file, name, key, entries[name][0]))
                continue
            entries[name] = (key, value)
    except yaml.reader.ReaderError as exc:
        raise _from_reader_error(exc, text, file) from None
    except yaml.YAMLError as exc:
        raise _from_yaml_error(exc, text, file) from None
    finally:
        findings.finish()
    return root


_NOT_ASCII = bytes(range(0x80))
"""For ``bytes.translate``: delete every ASCII byte, leaving the bytes of the characters beyond ASCII."""
_SUSPECT_UTF8 = re.compile(
    rb"\xc2[\x80-\x9f\xad]|\xd8\x9c|\xe1\xa0\x8e|\xe2\x80[\x8b-\x8f\xa8-\xae]|\xe2\x81[\xa0-\xa4\xa6-\xa9]"
    rb"|\xef\xbb\xbf|\xef\xbf[\xb9-\xbb]|\xf3\xa0[\x80\x81]"
)
"""The UTF-8 bytes of :data:`game.story.characters.SUSPECT`'s characters beyond ASCII (and a few more, harmlessly)."""


def _may_hold_suspects(text: str, utf8: bytes | None = None) -> bool:
    """Whether a value of ``text`` may hold a character of :mod:`game.story.characters`.

    A value's characters are the file's, or made by an escape of a double-quoted value (a
    backslash). Written raw, the ASCII control characters never get that far (YAML refuses them;
    a carriage return is checked all the same), so an ASCII text needs only a look for ``\\`` and
    ``\\r``. Of any other text, only the bytes beyond ASCII are searched, for the UTF-8 forms of the
    suspect characters: a tenth of the cost of searching each value (which follows only on a find).
    """
    if "\\" in text or "\r" in text:
        return True
    if text.isascii():
        return False
    data = utf8 if utf8 is not None else text.encode("utf-8", "surrogatepass")
    return _SUSPECT_UTF8.search(data.translate(None, _NOT_ASCII)) is not None


class _CharacterFindings:
    """Reports the characters of :mod:`game.story.characters` in one file, at most a screenful of them."""

    def __init__(self, file: str, text: str, found: list[Problem]) -> None:
        self.file = file
        self.text = text
        self.found = found
        self.listed = 0
        self.unlisted = {"error": 0, "warning": 0}

    def check(self, value: str, start: Any, end: Any) -> str:
        """Report each suspect character of one value; return the value without the refused ones."""
        from game.story import characters  # imported already: a search of it found the value

        for char in sorted(set(characters.SUSPECT.findall(value))):
            severity = characters.severity(char)
            if self.listed >= MAX_CHARACTER_PROBLEMS:
                self.unlisted[severity] += 1
                continue
            self.listed += 1
            message, hint = characters.describe(char)
            line, col = self._where(char, start, end)
            code = "yaml" if characters.CONTROL.match(char) else "bidi" if severity == "error" else "invisible"
            self.found.append(Problem(Loc(self.file, line, col), message, hint, severity, code))
        if characters.REFUSED.search(value) is not None:
            value = characters.REFUSED.sub("\ufffd", value)  # so no later message can print it either
        return value

    def _where(self, char: str, start: Any, end: Any) -> tuple[int, int]:
        """The character itself when it is written raw in the file, else the start of its value (an escape)."""
        index = self.text.find(char, start.index, end.index)
        if index < 0:
            return start.line + 1, start.column + 1
        return _line_col(self.text, index)

    def finish(self) -> None:
        errors, warnings = self.unlisted["error"], self.unlisted["warning"]
        if errors or warnings:
            self.found.append(
                Problem(
                    Loc(self.file, 1, 1),
                    f"{errors + warnings:,} more findings about control, direction or invisible characters "
                    "in this file are not listed",
                    "fix the ones listed and check again",
                    "error" if errors else "warning",
                    "bidi" if errors else "invisible",
                )
            )


def size_of(value: Value, sizes: dict[int, int] | None = None) -> int:
    """The values ``value`` holds, itself included, each alias counted again as the values it repeats.

    ``sizes`` keeps the count of each container counted, by the identity of its children (the reader
    keeps one for a file, and counts only when an alias repeats a value): so a file whose aliases
    repeat one another ("billion laughs") costs one count per value, not per repetition. Iterative,
    as a chain of aliases can nest far deeper than the file's own indentation.
    """
    counted = sizes if sizes is not None else {}
    pending = [value]
    while pending:
        place, content = pending[-1]
        kind = place & KIND_BITS
        if kind == SCALAR or id(content) in counted:
            pending.pop()
            continue
        children: list[Value] = (
            [pair[1] for pair in cast("dict[str, tuple[int, Value]]", content).values()] if kind == MAPPING else content
        )
        uncounted = [child for child in children if child[0] & KIND_BITS and id(child[1]) not in counted]
        if uncounted:
            pending.extend(uncounted)
            continue
        counted[id(content)] = 1 + sum(counted[id(child[1])] if child[0] & KIND_BITS else 1 for child in children)
        pending.pop()
    place, content = value
    return counted[id(content)] if place & KIND_BITS else 1


def _too_many(file: str, place: int, aliases: int) -> YamlProblem:
    line, col = line_col(place)
    if aliases:
        return _fail(
            file,
            line,
            col,
            f"the file expands to more than {MAX_VALUES:,} values",
            "aliases (*name) must not repeat large parts of a file over and over",
        )
    return _fail(file, line, col, f"the file holds more than {MAX_VALUES:,} values", "split it over several files")


def _events(text: str) -> Iterator[Any]:
    """The parser's events up to the end of the stream, pulled straight from it (``yaml.parse`` asks twice per event).

    ``iter(get_event, None)`` is a C iterator: no generator frame resumed per event. libyaml's parser
    needs no disposing; the pure-Python one's states form cycles, which ``dispose`` breaks.
    """
    loader = _Loader(text)
    if _Loader is not yaml.SafeLoader:
        return iter(loader.get_event, None)
    return _disposed_events(loader)


def _disposed_events(loader: Any) -> Iterator[Any]:  # pragma: no cover - only without libyaml
    try:
        yield from iter(loader.get_event, None)
    finally:
        loader.dispose()


def _tag_problem(file: str, line: int, col: int, tag: str) -> Problem:
    if "python" in tag:
        return Problem(
            Loc(file, line, col),
            f"the tag {tag} is refused: scene files can never run Python",
            "remove the tag; write plain values",
            code="tag",
        )
    return Problem(
        Loc(file, line, col),
        f"tags such as {tag} are not allowed in scene files",
        "remove the tag; the game decides the type of each value from its key",
        code="tag",
    )


def _key_name(value: Value, file: str, found: list[Problem]) -> str:
    """The name of a key that is not a plain word as written (an alias, an anchored word, a list), or refuse it.

    Reports a merge key, and interns the name, as the reader does for a plain key.
    """
    place, content = value
    if place & KIND_BITS:
        line, col = line_col(place)
        raise _fail(
            file,
            line,
            col,
            "a key must be a plain word, not a list or mapping",
            "write 'key: value'; complex keys are not used in scene files",
        )
    if place & PLAIN and content == "<<":
        found.append(_merge_key(file, *line_col(place)))
    return intern(cast(str, content))


def _merge_key(file: str, line: int, col: int) -> Problem:
    return Problem(Loc(file, line, col), "merge keys (<<) are not supported", "write the keys out in full", code="yaml")


def _duplicate(file: str, name: str, key: int, first: int) -> Problem:
    """Two values under one name in a mapping; ``key`` and ``first`` are the two keys' places (:func:`pack`)."""
    line, col = line_col(key)
    return Problem(
        Loc(file, line, col),
        f"duplicate key '{name}' (first at line {line_col(first)[0]})",
        "keep one of the two: YAML would silently use only the last",
        code="duplicate-key",
    )


def read_file(path: str, display: str | None = None, problems: list[Problem] | None = None) -> Value | None:
    """Read and parse one file; ``display`` is the name used in messages."""
    name = display or path
    try:
        data = read_regular(os.path.realpath(path))
    except PackRefused as exc:
        refusal = exc.refusal
        raise YamlProblem(Problem(Loc(name, 1, 1), refusal.message, refusal.hint, code=refusal.code)) from None
    except OSError as exc:
        raise _fail(
            name, 0, 0, f"cannot read the file: {exc.strerror or exc}", "check that it exists and is readable"
        ) from None
    return parse(decode(data, name), name, problems, data)
