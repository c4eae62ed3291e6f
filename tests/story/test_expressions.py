"""The expression language: what it accepts, what it refuses, and that nothing else can happen."""

from __future__ import annotations

import gc
import types

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.story import expressions
from game.story import expressions as E
from game.story.expressions import ExpressionError, build, check_types, parse

VARS = {"trust": "number", "reform": "number", "signed": "flag"}


class Env:
    def __init__(self, variables, visited=(), chosen=()):
        self.variables = variables
        self.visited = frozenset(visited)
        self.chosen = frozenset(chosen)


ENV = Env({"trust": 4, "reform": 7, "signed": True}, visited={"cierna"}, chosen={"cierna.sign"})


@pytest.mark.parametrize(
    "source, expected",
    [
        ("1", 1),
        ("trust", 4),
        ("trust + reform - 1", 10),
        ("-trust + +2", -2),
        ("trust >= 4", True),
        ("trust > 4", False),
        ("trust == 4 and reform != 7", False),
        ("trust == 4 or reform != 7", True),
        ("not signed", False),
        ("not not signed", True),
        ("(trust + 1) * 1 == 5" if False else "(trust + 1) == 5", True),
        ("signed == true", True),
        ('visited("cierna")', True),
        ("visited('bratislava')", False),
        ('chose("cierna.sign") and trust < 5', True),
        ("true or false and false", True),  # and binds tighter than or
        ("trust - reform - 1", -4),  # left-associative
    ],
)
def test_evaluation(source, expected):
    compiled = build(source, VARS)
    assert compiled.run(ENV) == expected


@pytest.mark.parametrize(
    "source, message",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("trust **2", "unexpected character '*'"),
        ("trust * 2", "unexpected character '*'"),
        ("trust / 2", "unexpected character '/'"),
        ("trust.__class__", "unexpected character '.'"),
        ("trust[0]", "unexpected character '['"),
        ("[x for x in y]", "unexpected character '['"),
        ("lambda x", "not part of the language"),
        ("__import__('os').system('x')", "no attribute access"),
        ("__import__('os')", "unknown function __import__"),
        ("'a' + 100", "text is only allowed"),
        ("open('f')", "unknown function open"),
        ("'a' * 100", "no multiplication"),
        ("trust = 3", "compare with =="),
        ("1 < trust < 5", "cannot be chained"),
        ("(trust", "expected ')'"),
        ("trust)", "no matching"),
        ("True", "write true"),
        ("visited(trust)", "takes one quoted id"),
        ('visited("a.b")', "takes a scene id"),
        ('visited("../etc")', "is not an id"),
        ("1234567890", "more than 9 digits"),
        ("trust &&  reform", "unexpected character '&'"),
        ("x" * 501, "the limit is 500"),
        ("(" * 60 + "1" + ")" * 60, "nested more than"),
        ("not " * 60 + "signed", "nested more than"),
        ("- " * 60 + "1", "nested more than"),
    ],
)
def test_refused(source, message):
    with pytest.raises(ExpressionError) as info:
        check_types(parse(source), VARS)
    assert message in info.value.message + " / " + info.value.hint


@pytest.mark.parametrize(
    "source, message",
    [
        ("trusts > 1", "unknown variable 'trusts'"),
        ("trust and signed", "expected a flag here, got a number"),
        ("signed + 1", "expected a number here, got a flag"),
        ("signed > true", "needs numbers"),
        ("trust == signed", "cannot compare a number with a flag"),
        ("not trust", "expected a flag"),
    ],
)
def test_type_errors(source, message):
    with pytest.raises(ExpressionError) as info:
        check_types(parse(source), VARS)
    assert message in info.value.message


def test_error_offsets_point_at_the_problem():
    with pytest.raises(ExpressionError) as info:
        check_types(parse("trust >= 4 and trsut < 2"), VARS)
    assert info.value.offset == "trust >= 4 and trsut < 2".index("trsut")
    assert "did you mean 'trust'" in info.value.hint


def test_compiled_expressions_are_closures_not_code():
    compiled = build("trust + 1 > reform", VARS)
    assert compiled.run(ENV) is False  # compiled on this first call
    assert isinstance(compiled.run, types.FunctionType)
    assert "eval" not in compiled.run.__code__.co_names and "exec" not in compiled.run.__code__.co_names


def test_references_and_names():
    tree = parse('visited("a") and chose("b.c") or trust > reform')
    assert sorted(expressions.references(tree), key=lambda r: r[0]) == [("chose", "b.c", 23), ("visited", "a", 8)]
    assert expressions.names(tree) == {"trust", "reform"}


# ---- property-based: random input only ever raises the language's own error ----

ATOMS = st.sampled_from(["trust", "reform", "signed", "true", "false", "1", "0", "42", 'visited("x")', 'chose("x.y")'])
OPS = st.sampled_from([" and ", " or ", " + ", " - ", " == ", " != ", " < ", " <= ", " > ", " >= "])


@st.composite
def expression_like(draw, depth=0):
    if depth > 3 or draw(st.booleans()):
        return draw(ATOMS)
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return "not " + draw(expression_like(depth + 1))
    if kind == 1:
        return "(" + draw(expression_like(depth + 1)) + ")"
    if kind == 2:
        return "-" + draw(expression_like(depth + 1))
    return draw(expression_like(depth + 1)) + draw(OPS) + draw(expression_like(depth + 1))


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_random_text_only_raises_expression_error(source):
    try:
        compiled = build(source, VARS)
    except ExpressionError:
        return
    value = compiled.run(ENV)
    assert isinstance(value, (int, bool))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="trusteng()<>=!+- 0123456789andorvisted\"'.", max_size=60))
def test_near_miss_text_only_raises_expression_error(source):
    try:
        build(source, VARS)
    except ExpressionError:
        pass


@settings(max_examples=500, deadline=None)
@given(expression_like())
def test_well_formed_expressions_evaluate_like_python(source):
    """Where the grammar accepts and types check, the value equals a reference evaluation."""
    try:
        compiled = build(source, VARS)
    except ExpressionError:
        return
    reference = _reference(compiled.tree)
    assert compiled.run(ENV) == reference
    assert type(compiled.run(ENV)) in (int, bool)


def _reference(tree):
    """A second, obviously right evaluation, reading the typed nodes by field name."""
    match tree:
        case E.Num() | E.Bool():
            return tree.value
        case E.Var():
            return ENV.variables[tree.name]
        case E.Call():
            return tree.argument in (ENV.visited if tree.function == "visited" else ENV.chosen)
        case E.Not():
            return not _reference(tree.operand)
        case E.Neg():
            return -_reference(tree.operand)
        case E.Logic():
            a, b = bool(_reference(tree.left)), bool(_reference(tree.right))
            return (a and b) if tree.op == "and" else (a or b)
        case E.Arith():
            a, b = _reference(tree.left), _reference(tree.right)
            return a + b if tree.op == "+" else a - b
    a, b = _reference(tree.left), _reference(tree.right)
    return {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[tree.op]


@settings(max_examples=300, deadline=None)
@given(expression_like())
def test_the_explorers_indexed_form_agrees_with_the_engines(source):
    try:
        compiled = build(source, VARS)
    except ExpressionError:
        return
    slots = {name: index for index, name in enumerate(ENV.variables)}
    indexed = expressions.compile_indexed(compiled.tree, slots)
    values = tuple(ENV.variables.values())
    assert indexed(values, ENV.visited, ENV.chosen) == compiled.run(ENV)


def test_parsing_gives_typed_nodes_with_their_positions():
    tree = parse('not trust + 1 >= 4 or chose("a.b")')
    assert tree == E.Logic(
        "or",
        E.Not(E.Compare(">=", E.Arith("+", E.Var("trust", 4), E.Num(1, 12), 10), E.Num(4, 17), 14), 0),
        E.Call("chose", "a.b", 22, 28),
        19,
    )
    assert type(tree.right) is E.Call and parse("true") == E.Bool(True, 0) and type(parse("true")) is E.Bool
    assert E.children(tree) == (tree.left, tree.right) and E.children(E.Num(1, 0)) == ()


@pytest.mark.parametrize(
    "source, expected",
    [("2", 2), ("+2", 2), ("-3", -3), ("true", True), ("false", False), ("trust", None), ("1 + 1", None)],
)
def test_constant_values_are_found_without_compiling(source, expected):
    found = expressions.constant_value(parse(source))
    assert found == expected and type(found) is type(expected)


def test_an_expression_is_compiled_when_first_evaluated_and_only_once():
    """Loading keeps the tree; ``run`` is compiled when first read and is then one plain function."""
    compiled = build('trust >= 4 and not visited("cierna")', VARS)
    assert not compiled.compiled and isinstance(compiled, E.CompiledExpr)
    made = compiled.run
    assert compiled.compiled and type(compiled) is E.CompiledExpr and isinstance(made, types.FunctionType)
    assert made(ENV) is False and made(Env({"trust": 4, "reform": 0, "signed": False})) is True
    assert compiled.run is made and compiled.source == 'trust >= 4 and not visited("cierna")'
    with pytest.raises(AttributeError):
        compiled.missing  # noqa: B018 - only ``run`` is made on demand
    with pytest.raises(AttributeError):
        build("1", VARS).missing  # noqa: B018


def test_an_uncompiled_expression_is_in_no_reference_cycle():
    """The loader freezes the collector (game.story.gcpause): a cycle would never be freed."""
    compiled = build("trust >= 4", VARS)
    assert not gc.get_referrers(compiled)
    compiled.run(ENV)
    assert not gc.get_referrers(compiled)


def test_equal_subtrees_are_one_object_and_different_kinds_stay_apart():
    table: dict = {}
    a = E.shared_tree(parse('trust >= 4 and not visited("a")'), table)
    b = E.shared_tree(parse('trust >= 4 and not visited("b")'), table)
    assert isinstance(a, E.Logic) and isinstance(b, E.Logic) and a is not b
    assert a.left is b.left and a.left == parse("trust >= 4")  # the shared part, once
    assert a.right == E.Not(E.Call("visited", "a", 19, 27), 15) and b.right == E.Not(E.Call("visited", "b", 19, 27), 15)
    one, true = E.shared_tree(parse("1"), table), E.shared_tree(parse("true"), table)
    assert (one, true) == (E.Num(1, 0), E.Bool(True, 0)) and type(one) is E.Num and type(true) is E.Bool
    # equal as tuples, yet a negated number and a negated flag are different trees
    neg, nott = E.shared_tree(parse("-1"), table), E.shared_tree(parse("not true"), table)
    assert isinstance(neg, E.Neg) and isinstance(nott, E.Not)
    assert type(neg.operand) is E.Num and type(nott.operand) is E.Bool
    assert E.shared_tree(parse('trust >= 4 and not visited("a")'), table) is a


def test_nodes_of_different_kinds_are_never_equal_so_a_node_can_be_its_own_key():
    """A named tuple equals any tuple of its items; the shared-tree table keys on nodes, so kinds must differ."""
    assert E.Num(1, 0) != E.Bool(True, 0) and not E.Num(1, 0) == E.Bool(True, 0)
    assert E.Not(E.Var("x", 4), 0) != E.Neg(E.Var("x", 4), 0)
    assert E.Num(1, 0) == E.Num(1, 0) and hash(E.Num(1, 0)) == hash(E.Num(1, 0))
    table: dict = {}
    tree = E.shared_tree(parse("trust >= 4"), table)
    assert all(type(key) in E.NODES.values() for key in table)  # the nodes themselves, no tuples built as keys
    assert table[tree] is tree
