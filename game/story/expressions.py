"""The condition and effect language of scene files, with its own parser.

Scene files come from strangers (mods), so an expression must never reach
Python: there is no ``eval`` here and no ``ast`` either. A small
recursive-descent parser accepts exactly this grammar and nothing else::

    expr       := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := sum [("==" | "!=" | "<" | "<=" | ">" | ">=") sum]
    sum        := unary (("+" | "-") unary)*
    unary      := ("-" | "+") unary | primary
    primary    := NUMBER | "true" | "false" | NAME | NAME "(" STRING ")" | "(" expr ")"

The only functions are ``visited("scene")`` and ``chose("scene.choice")``.
Parsing gives a tree of typed nodes (:data:`Expr`); :func:`check_types` runs
at load time against the declared variables; :func:`compile_expr` turns a
checked tree into nested closures for fast evaluation by the engine and the
explorer. Every walker matches on the node classes, so a new kind of node is
a type error in each walker that forgets it, not a silent wrong index.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from sys import intern
from typing import Literal, NamedTuple, Protocol, assert_never, cast

MAX_LENGTH = 500
MAX_DEPTH = 40
MAX_DIGITS = 9
FUNCTIONS = ("visited", "chose")

# ---- the tree ----------------------------------------------------------------------
# Named tuples, not dataclasses: this module is on the start-up path of every command (the model
# holds compiled expressions), and ``dataclasses`` costs more to import than that path may take.
# ``pos`` is where the node's text starts, counted in characters from the expression's start.


def _same_node(self: tuple[object, ...], other: object) -> bool:
    """Nodes are equal when they are of one class and their fields are equal.

    A named tuple alone equals any tuple of the same items: ``Num(1, 0) == Bool(True, 0)`` and
    ``Not(x, 0) == Neg(x, 0)``. With this, a node can be its own key in :func:`shared_tree`'s table.
    """
    return type(self) is type(other) and tuple.__eq__(self, other)


def _other_node(self: tuple[object, ...], other: object) -> bool:
    return not _same_node(self, other)


class Num(NamedTuple):
    """A whole number."""

    value: int
    pos: int


class Bool(NamedTuple):
    """``true`` or ``false``."""

    value: bool
    pos: int


class Var(NamedTuple):
    """A declared variable, read by name."""

    name: str
    pos: int


class Call(NamedTuple):
    """``visited("scene")`` or ``chose("scene.choice")``; ``arg_pos`` is where the quoted id starts."""

    function: Literal["visited", "chose"]
    argument: str
    pos: int
    arg_pos: int


class Not(NamedTuple):
    """``not`` a condition."""

    operand: Expr
    pos: int


class Neg(NamedTuple):
    """``-`` a number."""

    operand: Expr
    pos: int


class Logic(NamedTuple):
    """Two conditions joined by ``and`` or ``or``; ``pos`` is the operator's."""

    op: Literal["and", "or"]
    left: Expr
    right: Expr
    pos: int


class Arith(NamedTuple):
    """Two numbers added (``+``) or subtracted (``-``); ``pos`` is the operator's."""

    op: Literal["+", "-"]
    left: Expr
    right: Expr
    pos: int


class Compare(NamedTuple):
    """Two values compared (``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``); ``pos`` is the operator's."""

    op: str
    left: Expr
    right: Expr
    pos: int


Expr = Num | Bool | Var | Call | Not | Neg | Logic | Arith | Compare
"""A parsed expression: one of the node classes above."""

NODES: dict[str, type[Expr]] = {cls.__name__: cls for cls in (Num, Bool, Var, Call, Not, Neg, Logic, Arith, Compare)}
"""The node classes by name, for reading a tree back from plain data (the play cache)."""

# Set after each class is made: in a NamedTuple's body mypy takes them for fields, and assigning them
# as attributes is "assigning to a method" to it; setattr says the same to both.
for _node_class in NODES.values():
    setattr(_node_class, "__eq__", _same_node)  # noqa: B010
    setattr(_node_class, "__ne__", _other_node)  # noqa: B010
    setattr(_node_class, "__hash__", tuple.__hash__)  # noqa: B010


_PAIRS = (Logic, Arith, Compare)
"""The node classes with a left and a right operand (:func:`children` and the walkers test the class itself:
the loader walks every expression of a pack, and a class pattern costs several times an identity test)."""


def children(node: Expr) -> tuple[Expr, ...]:
    """The sub-expressions of a node, for walkers that visit every node."""
    cls = type(node)
    if cls is Not or cls is Neg:
        return (cast("Not | Neg", node).operand,)
    if cls in _PAIRS:
        pair = cast("Logic | Arith | Compare", node)
        return (pair.left, pair.right)
    return ()


class ExpressionError(Exception):
    """A mistake in an expression; ``offset`` counts characters from its start (0-based)."""

    def __init__(self, message: str, offset: int = 0, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint


_TOKEN_PATTERN = r"""(?P<ws>\s+)
      | (?P<num>\d+)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<str>"[^"\n]*"|'[^'\n]*')
      | (?P<op>==|!=|<=|>=|<|>|\+|-|\(|\))
    """

_BAD_CHARS = {
    "*": "only + and - exist; there is no multiplication or power",
    "/": "there is no division; use whole numbers with + and -",
    "%": "there is no remainder operator",
    "[": "there is no indexing; name a declared variable",
    "]": "there is no indexing; name a declared variable",
    ".": "there is no attribute access; name a declared variable",
    "=": "compare with == (a single = is not allowed)",
    "!": "write 'not' instead of '!'",
    "&": "write 'and' instead of '&' or '&&'",
    "|": "write 'or' instead of '|' or '||'",
    "{": "there are no sets or dicts; name a declared variable",
    ",": "functions take exactly one argument",
    ":": "there are no lambdas or slices",
    "@": "there are no decorators or matrix operators",
    "`": "backticks are not part of the language",
}

_KEYWORDS = {"and", "or", "not", "true", "false"}
_PYTHON_WORDS = {
    "True": "write true (lower case)",
    "False": "write false (lower case)",
    "None": "there is no None; use a number or true/false",
    "lambda": "there are no lambdas",
    "if": "there is no if-expression; split the choice in two with different if: conditions",
    "else": "there is no if-expression; split the choice in two with different if: conditions",
    "for": "there are no loops or comprehensions",
    "in": "there is no 'in'; compare with ==",
    "is": "write == instead of 'is'",
    "import": "nothing can be imported",
}

_ID_ARG_PATTERN = r"[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)?"
_compiled: dict[str, re.Pattern[str]] = {}


def _regex(name: str) -> re.Pattern[str]:
    """Compile the tokenizer's patterns on first use: playing from the cache never parses."""
    pattern = _compiled.get(name)
    if pattern is None:
        source = _TOKEN_PATTERN if name == "token" else _ID_ARG_PATTERN
        pattern = _compiled[name] = re.compile(source, re.VERBOSE if name == "token" else 0)
    return pattern


def _tokens(source: str) -> list[tuple[str, str, int]]:
    """``(kind, text, offset)`` of each token, spaces left out, then ``("end", "", len(source))``.

    One ``finditer`` over the text: tokens follow one another with no gap, so the first gap (or text
    left after the last token) is the first character no token takes, refused as a match loop would.
    """
    tokens: list[tuple[str, str, int]] = []
    append = tokens.append
    pos = 0
    for match in _regex("token").finditer(source):
        start = match.start()
        if start != pos:
            break
        kind = match.lastgroup or ""
        if kind != "ws":
            append((kind, match.group(), start))
        pos = match.end()
    if pos < len(source):
        char = source[pos]
        hint = _BAD_CHARS.get(char, "allowed: numbers, variable names, and/or/not, comparisons, + and -")
        if char == "=" and source[pos : pos + 2] != "==":
            hint = _BAD_CHARS["="]
        raise ExpressionError(f"unexpected character {char!r}", pos, hint)
    append(("end", "", len(source)))
    return tokens


class _Parser:
    """Recursive descent over the tokens, one method per level of precedence.

    The next token is read as ``self.tokens[self.index]``, not through a method: the loader parses
    every distinct expression of a pack, and a call per look was a seventh of the parser's own work.
    """

    def __init__(self, source: str) -> None:
        self.tokens = _tokens(source)
        self.index = 0
        self.depth = 0

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, text: str, hint: str) -> None:
        kind, value, pos = self.take()
        if value != text or kind not in ("op",):
            shown = value or "the end"
            raise ExpressionError(f"expected {text!r} but found {shown!r}", pos, hint)

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(
                f"expression is nested more than {MAX_DEPTH} levels deep", pos, "split it into simpler conditions"
            )

    def parse(self) -> Expr:
        tree = self.or_()
        kind, value, pos = self.tokens[self.index]
        if kind != "end":
            hint = "join conditions with 'and' or 'or'"
            if value == ")":
                hint = "this ')' has no matching '('"
            raise ExpressionError(f"unexpected {value!r}", pos, hint)
        return tree

    def or_(self) -> Expr:
        left = self.and_()
        while self.tokens[self.index][1] == "or":  # the text alone tells: only a name is spelt or
            pos = self.take()[2]
            left = Logic("or", left, self.and_(), pos)
        return left

    def and_(self) -> Expr:
        left = self.not_()
        while self.tokens[self.index][1] == "and":  # only a name is spelt and
            pos = self.take()[2]
            left = Logic("and", left, self.not_(), pos)
        return left

    def not_(self) -> Expr:
        kind, value, pos = self.tokens[self.index]
        if kind == "name" and value == "not":
            self.take()
            self.enter(pos)
            operand = self.not_()
            self.depth -= 1
            return Not(operand, pos)
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.sum()
        kind, value, pos = self.tokens[self.index]
        if kind == "op" and value in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            right = self.sum()
            nxt = self.tokens[self.index]
            if nxt[0] == "op" and nxt[1] in ("==", "!=", "<", "<=", ">", ">="):
                raise ExpressionError(
                    "comparisons cannot be chained",
                    nxt[2],
                    "write two comparisons joined with 'and', e.g. 2 <= x and x <= 5",
                )
            return Compare(value, left, right, pos)
        return left

    def sum(self) -> Expr:
        left = self.unary()
        while True:
            kind, value, pos = self.tokens[self.index]
            if kind == "op" and value in ("+", "-"):
                self.take()
                left = Arith("+" if value == "+" else "-", left, self.unary(), pos)
            else:
                return left

    def unary(self) -> Expr:
        kind, value, pos = self.tokens[self.index]
        if kind == "op" and value in ("+", "-"):
            self.take()
            self.enter(pos)
            operand = self.unary()
            self.depth -= 1
            return operand if value == "+" else Neg(operand, pos)
        return self.primary()

    def primary(self) -> Expr:
        kind, value, pos = self.take()
        if kind == "num":
            if len(value) > MAX_DIGITS:
                raise ExpressionError(
                    f"number {value[:12]}… has more than {MAX_DIGITS} digits", pos, "variables are small whole numbers"
                )
            return Num(int(value), pos)
        if kind == "name":
            if value in ("true", "false"):
                return Bool(value == "true", pos)
            if value in _KEYWORDS:
                raise ExpressionError(f"'{value}' needs a value before it", pos, "e.g. 'a and b'")
            if value in _PYTHON_WORDS:
                raise ExpressionError(f"'{value}' is not part of the language", pos, _PYTHON_WORDS[value])
            if self.tokens[self.index][1] == "(":  # always the operator: a quoted text keeps its quotes
                return self.call(value, pos)
            return Var(value, pos)
        if kind == "op" and value == "(":
            self.enter(pos)
            inner = self.or_()
            self.depth -= 1
            self.expect(")", "close the bracket")
            return inner
        if kind == "str":
            raise ExpressionError(
                "text is only allowed as the argument of visited(...) or chose(...)", pos, 'e.g. visited("adv_cierna")'
            )
        if kind == "end":
            raise ExpressionError("the expression ends too early", pos, "a value is missing at the end")
        raise ExpressionError(f"unexpected {value!r}", pos, "a number, a variable name or '(' belongs here")

    def call(self, name: str, pos: int) -> Expr:
        if name not in FUNCTIONS:
            raise ExpressionError(
                f"unknown function {name}()", pos, 'the functions are visited("scene") and chose("scene.choice")'
            )
        self.take()  # "("
        kind, value, arg_pos = self.take()
        if kind != "str":
            raise ExpressionError(f"{name}() takes one quoted id", arg_pos, f'e.g. {name}("adv_cierna")')
        argument = value[1:-1]
        if not _regex("id").fullmatch(argument):
            raise ExpressionError(
                f"{argument!r} is not an id", arg_pos, "ids use letters, digits and _ (a choice: scene_id.choice_id)"
            )
        if name == "visited" and "." in argument:
            raise ExpressionError("visited() takes a scene id", arg_pos, 'use chose("scene.choice") for a choice')
        self.expect(")", f"{name}() takes exactly one argument")
        return Call("visited" if name == "visited" else "chose", argument, pos, arg_pos)


def parse(source: str) -> Expr:
    """Parse an expression or raise :class:`ExpressionError`; never anything else."""
    if not isinstance(source, str):
        raise ExpressionError("an expression must be text", 0)
    if len(source) > MAX_LENGTH:
        digits = source.strip().lstrip("+-")
        if digits.isdigit():
            raise ExpressionError(
                f"number has {len(digits)} digits; at most {MAX_DIGITS} are allowed",
                0,
                "variables are small whole numbers",
            )
        raise ExpressionError(
            f"expression is {len(source)} characters long; the limit is {MAX_LENGTH}",
            0,
            "split it into simpler conditions",
        )
    if not source.strip():
        raise ExpressionError("the expression is empty", 0, "write a condition such as: trust >= 4")
    return _Parser(source).parse()


# ---- types ---------------------------------------------------------------------


def check_types(tree: Expr, variables: Mapping[str, str]) -> str:
    """Return ``"number"`` or ``"flag"`` for ``tree`` or raise :class:`ExpressionError`.

    ``variables`` maps each declared name to its type. The node's class is tested by identity, not by
    a class pattern: this runs for every node of every expression of a pack.
    """
    cls = type(tree)
    if cls is Num:
        return "number"
    if cls is Bool or cls is Call:
        return "flag"
    if cls is Var:
        name, pos = cast(Var, tree)
        kind = variables.get(name)
        if kind is None:
            close = _closest(name, variables)
            hint = f"did you mean '{close}'?" if close else "declare it under variables: in pack.yaml"
            raise ExpressionError(f"unknown variable '{name}'", pos, hint)
        return kind
    if cls is Not:
        operand, pos = cast(Not, tree)
        _want(operand, variables, "flag", pos, "'not' applies to a condition")
        return "flag"
    if cls is Neg:
        operand, pos = cast(Neg, tree)
        _want(operand, variables, "number", pos, "'-' applies to a number")
        return "number"
    if cls is Logic:
        op, left, right, pos = cast(Logic, tree)
        _want(left, variables, "flag", pos, f"both sides of '{op}' must be conditions")
        _want(right, variables, "flag", pos, f"both sides of '{op}' must be conditions")
        return "flag"
    if cls is Arith:
        _, left, right, pos = cast(Arith, tree)
        _want(left, variables, "number", pos, "arithmetic works on numbers")
        _want(right, variables, "number", pos, "arithmetic works on numbers")
        return "number"
    if cls is Compare:
        relation, left, right, pos = cast(Compare, tree)
        a, b = check_types(left, variables), check_types(right, variables)
        if a != b:
            raise ExpressionError(
                f"cannot compare a {a} with a {b}", pos, "compare numbers with numbers, flags with flags"
            )
        if a == "flag" and relation not in ("==", "!="):
            raise ExpressionError(f"'{relation}' needs numbers", pos, "flags can only be compared with == or !=")
        return "flag"
    raise AssertionError(f"not an expression node: {tree!r}")  # pragma: no cover - the parser makes only these


def _want(tree: Expr, variables: Mapping[str, str], kind: str, pos: int, hint: str) -> None:
    got = check_types(tree, variables)
    if got != kind:
        raise ExpressionError(f"expected a {kind} here, got a {got}", pos, hint)


def _closest(name: str, names: Mapping[str, str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(name, list(names), n=1)
    return match[0] if match else None


def references(tree: Expr) -> list[tuple[str, str, int]]:
    """All ``(function, id, offset)`` calls in a tree, so the loader can check the ids exist."""
    found: list[tuple[str, str, int]] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        cls = type(node)
        if cls is Call:
            function, argument, _, arg_pos = cast(Call, node)
            found.append((function, argument, arg_pos))
        elif cls is Not or cls is Neg:
            stack.append(cast("Not | Neg", node).operand)
        elif cls in _PAIRS:
            pair = cast("Logic | Arith | Compare", node)
            stack.append(pair.left)
            stack.append(pair.right)  # popped first: the order in which the loader has always reported calls
    return found


def names(tree: Expr) -> set[str]:
    """Every variable name a tree reads."""
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Var):
            found.add(node.name)
        else:
            stack.extend(children(node))
    return found


# ---- evaluation ----------------------------------------------------------------


class Env(Protocol):
    """What an expression can see of a game: variables, scenes visited, choices made."""

    # Read-only members, so that a frozen GameState (or any object with these attributes) fits.
    @property
    def variables(self) -> Mapping[str, int | bool]: ...

    @property
    def visited(self) -> AbstractSet[str]: ...

    @property
    def chosen(self) -> AbstractSet[str]: ...


Compiled = Callable[[Env], "int | bool"]

_COMPARE: dict[str, Callable[[object, object], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,  # type: ignore[operator]
    "<=": lambda a, b: a <= b,  # type: ignore[operator]
    ">": lambda a, b: a > b,  # type: ignore[operator]
    ">=": lambda a, b: a >= b,  # type: ignore[operator]
}


def compile_expr(tree: Expr) -> Compiled:
    """Turn a type-checked tree into a function of the game state (closures, not code).

    The cases are in the order the campaign's expressions need them (comparisons, then their
    sides), as the play cache compiles every expression of a story at start-up.
    """
    match tree:
        case Compare(op, left_tree, right_tree):
            left, right = compile_expr(left_tree), compile_expr(right_tree)
            compare = _COMPARE[op]
            return lambda env: compare(left(env), right(env))
        case Var(name):
            return lambda env: env.variables[name]
        case Num(value) | Bool(value):
            return lambda env: value
        case Logic(op, left_tree, right_tree):
            left, right = compile_expr(left_tree), compile_expr(right_tree)
            if op == "and":
                return lambda env: bool(left(env)) and bool(right(env))
            return lambda env: bool(left(env)) or bool(right(env))
        case Arith(op, left_tree, right_tree):
            left, right = compile_expr(left_tree), compile_expr(right_tree)
            if op == "+":
                return lambda env: left(env) + right(env)
            return lambda env: left(env) - right(env)
        case Call(function, ident):
            if function == "visited":
                return lambda env: ident in env.visited
            return lambda env: ident in env.chosen
        case Not(operand):
            inner = compile_expr(operand)
            return lambda env: not inner(env)
        case Neg(operand):
            inner = compile_expr(operand)
            return lambda env: -inner(env)
        case _:  # pragma: no cover - the parser makes only the nodes above
            assert_never(tree)


IndexedCompiled = Callable[[tuple, frozenset, frozenset], "int | bool"]


def compile_indexed(tree: Expr, slots: Mapping[str, int]) -> IndexedCompiled:
    """Like :func:`compile_expr`, for the explorer: variables are read from a tuple by position.

    The explorer keeps millions of states as plain tuples; reading them by
    index avoids building a dict for every state it looks at.
    """
    match tree:
        case Num(value) | Bool(value):
            return lambda v, seen, done: value
        case Var(name):
            index = slots[name]
            return lambda v, seen, done: v[index]
        case Call("visited", ident):
            return lambda v, seen, done: ident in seen
        case Call(_, ident):
            return lambda v, seen, done: ident in done
        case Not(operand):
            inner = compile_indexed(operand, slots)
            return lambda v, seen, done: not inner(v, seen, done)
        case Neg(operand):
            inner = compile_indexed(operand, slots)
            return lambda v, seen, done: -inner(v, seen, done)
        case Compare(op, Var(name), Num(limit)):
            # The commonest condition by far (``trust >= 4``): one closure instead of three.
            index = slots[name]
            if op == ">=":
                return lambda v, seen, done: v[index] >= limit
            if op == ">":
                return lambda v, seen, done: v[index] > limit
            if op == "<=":
                return lambda v, seen, done: v[index] <= limit
            if op == "<":
                return lambda v, seen, done: v[index] < limit
            if op == "==":
                return lambda v, seen, done: v[index] == limit
            return lambda v, seen, done: v[index] != limit
        case Logic("and", left, right):
            a, b = compile_indexed(left, slots), compile_indexed(right, slots)
            return lambda v, seen, done: bool(a(v, seen, done)) and bool(b(v, seen, done))
        case Logic(_, left, right):
            a, b = compile_indexed(left, slots), compile_indexed(right, slots)
            return lambda v, seen, done: bool(a(v, seen, done)) or bool(b(v, seen, done))
        case Arith("+", left, right):
            a, b = compile_indexed(left, slots), compile_indexed(right, slots)
            return lambda v, seen, done: a(v, seen, done) + b(v, seen, done)
        case Arith(_, left, right):
            a, b = compile_indexed(left, slots), compile_indexed(right, slots)
            return lambda v, seen, done: a(v, seen, done) - b(v, seen, done)
        case Compare(op, left, right):
            a, b = compile_indexed(left, slots), compile_indexed(right, slots)
            compare = _COMPARE[op]
            return lambda v, seen, done: compare(a(v, seen, done), b(v, seen, done))
        case _:  # pragma: no cover - the parser makes only the nodes above
            assert_never(tree)


def constant_value(tree: Expr) -> int | bool | None:
    """The value of a tree that reads nothing (``+2``, ``-1``, ``true``), or None; the explorer skips such closures."""
    match tree:
        case Num(value) | Bool(value):
            return value
        case Neg(Num(value)):
            return -value
        case _:
            return None


class CompiledExpr:
    """An expression as written, its tree and its evaluator, kept together for messages.

    The evaluator (``run``) is compiled when it is first read, not when the pack is loaded: its
    closures cost about four times the tree they come from (some 1.4 KiB for a condition such as
    ``trust >= 4 and not visited("s2")``), and most of a big pack's expressions are never evaluated
    by ``check``, nor by a play that sees a few dozen scenes. Made without ``run``, an expression is
    an :class:`_Uncompiled` one until then: that subclass's ``__getattr__`` (Python calls it only
    for a missing attribute) compiles, fills the slot and makes the object a plain CompiledExpr
    again. So reading ``run`` afterwards is a plain slot read, faster than the named tuple's field it
    replaces; a ``__getattr__`` left on the class would slow every read the engine makes by half as
    much again, and a first-call method kept in the slot would be a cycle (an expression holding its
    own bound method), which the loader's frozen collector (:mod:`game.story.gcpause`) never frees.
    """

    __slots__ = ("source", "tree", "kind", "run")

    source: str
    tree: Expr
    kind: str
    """``"number"`` or ``"flag"``: what :func:`check_types` found."""
    run: Compiled

    def __init__(self, source: str, tree: Expr, kind: str, run: Compiled | None = None) -> None:
        self.source = source
        self.tree = tree
        self.kind = kind
        if run is None:
            self.__class__ = _Uncompiled
        else:
            self.run = run

    @property
    def compiled(self) -> bool:
        """Whether ``run`` has been compiled yet (for tests and measures; reading ``run`` compiles it)."""
        return not isinstance(self, _Uncompiled)

    def __repr__(self) -> str:
        return f"CompiledExpr({self.source!r}, {self.kind})"


class _Uncompiled(CompiledExpr):
    """A :class:`CompiledExpr` whose ``run`` slot is still empty (the same layout: no slots of its own)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Compiled:
        if name != "run":
            raise AttributeError(name)
        run = self.run = compile_expr(self.tree)
        self.__class__ = CompiledExpr  # type: ignore[assignment]  # back to the plain class: see CompiledExpr
        return run


def shared_tree(tree: Expr, table: dict[Expr, Expr]) -> Expr:
    """``tree`` with every subtree replaced by the equal one already in ``table`` (added when new).

    Conditions repeat their parts (``trust >= 4`` at the start of many ``if:``), so a pack's trees
    are kept as one object per distinct subtree. Each node is its own key (nodes of different classes
    never compare equal, see :func:`_same_node`): a key costs its table slot only, where a tuple of
    class, fields and children's ids cost 160 bytes a subtree, the largest table of a big pack's load.
    """
    node: Expr
    cls = type(tree)
    if cls is Not or cls is Neg:
        operand, pos = cast("Not | Neg", tree)
        inner = shared_tree(operand, table)
        node = tree if inner is operand else cls(inner, pos)
    elif cls in _PAIRS:
        op, left, right, pos = cast("Logic | Arith | Compare", tree)
        a, b = shared_tree(left, table), shared_tree(right, table)
        node = tree if a is left and b is right else cls(op, a, b, pos)  # type: ignore[arg-type]
    elif cls is Call:
        found = table.get(tree)
        if found is not None:
            return found
        function, argument, pos, arg_pos = cast(Call, tree)
        node = Call(function, intern(argument), pos, arg_pos)  # the id as one string with the scene's own id
    else:
        node = tree
    return table.setdefault(node, node)


def build(source: str, variables: Mapping[str, str]) -> CompiledExpr:
    """Parse and type-check in one step, compiling on first use (used by the loader and by ``--set``)."""
    tree = parse(source)
    kind = check_types(tree, variables)
    return CompiledExpr(source, tree, kind)
