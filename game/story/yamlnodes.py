"""Read YAML into a tree of located nodes, without ever resolving types.

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
from dataclasses import dataclass
from sys import intern
from typing import Any

import yaml

from game.story import characters
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


@dataclass(slots=True, eq=False)
class Node:
    """A YAML value and where it starts.

    ``kind`` is ``"map"``, ``"seq"`` or ``"scalar"``. For a map, ``value`` is a
    dict from key text to ``(key_node, value_node)``; for a sequence, a list of
    nodes; for a scalar, the text exactly as written. ``plain`` tells a plain
    scalar (``3``, ``true``) from a quoted or block one (``"3"``).
    """

    kind: str
    value: object
    line: int
    col: int
    plain: bool = False
    size: int = 1
    block: bool = False
    """A ``|`` or ``>`` block scalar: its text starts on the line after ``line``."""
    indent: int = 0
    """For a literal ``|`` block, the columns of indentation of its lines (0: not known, or folded)."""

    def loc(self, file: str) -> Loc:
        return Loc(file, self.line, self.col)

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and self.plain and self.value in ("", "~", "null", "Null", "NULL")


_COL_BITS = 23
_INDENT_BITS = 14
_FLAG_BITS = 4
_KIND_CODES = {"scalar": 0, "map": 1, "seq": 2}
_KINDS = ("scalar", "map", "seq", "scalar")
assert MAX_FILE_BYTES + 2 < 1 << _COL_BITS, "a line or column of the largest file must fit its bits"


def spot(node: Node) -> int:
    """Where ``node`` is written and how (kind, plain, block, indent), packed into one unsigned 64-bit int.

    A validated entry keeps these instead of its nodes (see :class:`game.story.schema.Entry`), so a
    file's node tree is freed as soon as its entries are built: a located value then costs 8 bytes
    in an array instead of a node, its key's node and the tuple pairing them (about 250 bytes).
    Line and column take 23 bits each (a 4 MiB file has fewer lines and columns than that); a ``|``
    block's indentation takes 14, and one indented further is kept as 0 ("not known"), which
    places a mistake inside it at the start of the block, as for a folded block.
    """
    indent = node.indent if node.indent < 1 << _INDENT_BITS else 0
    packed = (node.line << _COL_BITS | node.col) << _INDENT_BITS | indent
    return packed << _FLAG_BITS | _KIND_CODES[node.kind] << 2 | node.plain << 1 | node.block


def located(packed: int, value: object = None) -> Node:
    """The node :func:`spot` packed, without its children: ``value`` is what it was converted to.

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
    node = Node(kind, items, line, col, bool(packed & 2), 1, bool(packed & 1))
    node.indent = rest & ((1 << _INDENT_BITS) - 1)
    return node


def line_col(packed: int) -> tuple[int, int]:
    """The line and column of a :func:`spot`."""
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


def parse(text: str, file: str, problems: list[Problem] | None = None) -> Node | None:
    """Build the node tree of a one-document YAML text; ``None`` for an empty file.

    Problems that leave the tree usable (a duplicate key, a tag) are appended to
    ``problems`` so that one run reports them all; a syntax error or a broken
    limit ends the file with :class:`YamlProblem`.
    """
    found = problems if problems is not None else []
    suspect = characters.SUSPECT.search
    findings = _CharacterFindings(file, text, found)
    root: Node | None = None
    stack: list[list] = []  # [container, pending key node or None]
    anchors: dict[str, Node] = {}
    total = 0
    aliases = 0
    documents = 0
    # Bound once: this loop runs for every value of every file.
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end, doc_start = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.DocumentStartEvent
    make = Node
    try:
        events = _events(text)
        for event in events:
            cls = type(event)
            if cls is scalar_event:
                mark = event.start_mark
                value = event.value
                if suspect(value) is not None:
                    value = findings.check(value, mark, event.end_mark)
                style = event.style
                node = make(
                    "scalar", value, mark.line + 1, mark.column + 1, event.implicit[0] and not style, 1, style in _BLOCK
                )
                if style == "|":
                    node.indent = _block_indent(text, mark.index)
                tag = event.tag
                if tag is not None and tag != "!" and tag != _STR_TAG:
                    found.append(_tag_problem(file, node.line, node.col, tag))
                if event.anchor is not None:
                    anchors[event.anchor] = node
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
                node = make("map" if is_map else "seq", {} if is_map else [], line, col)
                if event.anchor is not None:
                    anchors[event.anchor] = node
                total += 1
                if total > MAX_VALUES:
                    raise _too_many(file, node, aliases)
                stack.append([node, None])
                continue
            elif cls is map_end or cls is seq_end:
                node = stack.pop()[0]
                if not stack:
                    root = node
                    continue
                top = stack[-1]
                if top[0].kind == "seq":
                    top[0].value.append(node)
                    top[0].size += node.size
                elif _add(stack, node, file, found):
                    top[0].size += node.size
                continue
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
                node = target
                total += node.size - 1
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
            total += 1
            if total > MAX_VALUES:
                raise _too_many(file, node, aliases)
            if not stack:
                root = node
                continue
            top = stack[-1]
            if top[0].kind == "seq":
                top[0].value.append(node)
                top[0].size += node.size
            elif _add(stack, node, file, found):
                top[0].size += node.size
    except yaml.reader.ReaderError as exc:
        raise _from_reader_error(exc, text, file) from None
    except yaml.YAMLError as exc:
        raise _from_yaml_error(exc, text, file) from None
    finally:
        findings.finish()
    return root


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


def _too_many(file: str, node: Node, aliases: int) -> YamlProblem:
    if aliases:
        return _fail(
            file,
            node.line,
            node.col,
            f"the file expands to more than {MAX_VALUES:,} values",
            "aliases (*name) must not repeat large parts of a file over and over",
        )
    return _fail(
        file, node.line, node.col, f"the file holds more than {MAX_VALUES:,} values", "split it over several files"
    )


def _events(text: str) -> Iterator[Any]:
    """The parser's events, pulled straight from it (``yaml.parse`` asks twice per event)."""
    loader = _Loader(text)
    get = loader.get_event
    end = yaml.StreamEndEvent
    try:
        while True:
            event = get()
            if event is None or type(event) is end:
                return
            yield event
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


def _add(stack: list[list], node: Node, file: str, found: list[Problem]) -> bool:
    """Attach ``node`` to the open container; False when it was a key or was dropped."""
    entry = stack[-1]
    parent, key = entry
    if parent.kind == "seq":
        parent.value.append(node)
        return True
    if key is None:
        if node.kind != "scalar":
            raise _fail(
                file,
                node.line,
                node.col,
                "a key must be a plain word, not a list or mapping",
                "write 'key: value'; complex keys are not used in scene files",
            )
        if node.plain and node.value == "<<":
            found.append(
                Problem(
                    Loc(file, node.line, node.col),
                    "merge keys (<<) are not supported",
                    "write the keys out in full",
                    code="yaml",
                )
            )
        if isinstance(node.value, str):  # the same few keys in every entry: one string for each, not one per use
            node.value = intern(node.value)
        entry[1] = node
        return False
    entry[1] = None
    name = key.value
    entries = parent.value
    if name in entries:
        first = entries[name][0]
        found.append(
            Problem(
                Loc(file, key.line, key.col),
                f"duplicate key '{name}' (first at line {first.line})",
                "keep one of the two: YAML would silently use only the last",
                code="duplicate-key",
            )
        )
        return False
    entries[name] = (key, node)
    return True


def read_file(path: str, display: str | None = None, problems: list[Problem] | None = None) -> Node | None:
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
    return parse(decode(data, name), name, problems)
