"""Property-based tests: random pack files, random YAML, random expressions.

Whatever a mod contains, loading and checking it produces the project's own
errors (located :class:`Problem` values, :class:`YamlProblem`,
:class:`ExpressionError`) and never any other exception. The documents are
built from the schema's own declarations, mixing well-typed values with
values of every other type, so they reach deep into the loader.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import rules
from game.story import expressions, schema, yamlnodes
from game.story.errors import Problem
from game.tools.check import run_check
from tests.conftest import SCENES_YAML, write_pack

# CI runs a fixed set of examples (a landing must not depend on luck); other runs explore new ones.
FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---- random values ------------------------------------------------------------------------

TRICKY = [
    "yes",
    "no",
    "on",
    "off",
    "~",
    "",
    " ",
    "null",
    "3.10",
    "0x1F",
    "1e3",
    "-",
    "+1",
    "-2",
    "007",
    "1968-02-30",
    "1968-08-21",
    "{nerve}",
    "{{",
    "}}",
    "{",
    "<<",
    "!!python/object:os.system",
    "&a",
    "*a",
    "\t",
    "é",
    "∞",
    "9" * 12,
    "s1",
    "s2",
    "src",
    "ev",
    "nerve",
    "brave",
    "hero",
    "tiny",
    "base",
]
SCALARS = st.one_of(
    st.text(max_size=30),
    st.integers(-(10**12), 10**12),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(TRICKY),
)
ANY = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10) | st.sampled_from(TRICKY), inner, max_size=4)
    ),
    max_leaves=12,
)
IDS = st.sampled_from(["s1", "s2", "src", "ev", "nerve", "brave", "hero", "go", "wait"]) | st.from_regex(
    r"[A-Za-z][A-Za-z0-9_]{0,8}", fullmatch=True
)
DATES = st.dates(dt.date(1960, 1, 1), dt.date(1975, 12, 31)).map(dt.date.isoformat)

ATOMS = st.one_of(
    st.integers(0, 10**10).map(str),
    st.sampled_from(
        [
            "true",
            "false",
            "nerve",
            "brave",
            "courage",
            "True",
            "None",
            "lambda",
            "__import__",
            "x.y",
            'visited("s1")',
            'visited("s2")',
            'chose("s1.go")',
            'chose("s1.nope")',
            'visited("s1.go")',
            "visited()",
            "chose(s1)",
            '"text"',
            "'x'",
            "os.system('x')",
            "[1]",
            "{}",
            "1 ** 2",
            "a = 1",
        ]
    ),
)
OPS = ["+", "-", "==", "!=", "<", "<=", ">", ">=", "and", "or", "*", "/", "=", "&&", "||", "", ","]
EXPRESSIONS = st.recursive(
    ATOMS,
    lambda e: st.one_of(
        st.tuples(e, st.sampled_from(OPS), e).map(" ".join),
        e.map(lambda x: f"({x})"),
        e.map(lambda x: f"not {x}"),
        e.map(lambda x: f"-{x}"),
        e.map(lambda x: f"({x}"),
    ),
    max_leaves=25,
) | st.text(max_size=60)


def values_for(kind: schema.Kind) -> st.SearchStrategy:
    """Values for a schema kind: often right, often of another type, sometimes anything at all."""
    if isinstance(kind, schema.Record):
        good = st.fixed_dictionaries(
            {name: values_for(field.kind) for name, field in kind.fields.items() if field.required},
            optional={name: values_for(field.kind) for name, field in kind.fields.items() if not field.required},
        )
        extra = st.dictionaries(
            st.sampled_from(["tittle", "choice", "if", "<<", "id", "x"]) | st.text(max_size=8), ANY, max_size=2
        )
        return st.one_of(good, good, good, st.tuples(good, extra).map(lambda pair: {**pair[1], **pair[0]}), ANY)
    if isinstance(kind, schema.ListOf):
        return st.one_of(*[st.lists(values_for(kind.item), max_size=3)] * 4, ANY)
    if isinstance(kind, schema.MapOf):
        return st.one_of(
            *[st.dictionaries(IDS, values_for(kind.value), max_size=3)] * 3,
            st.dictionaries(st.text(max_size=6), values_for(kind.value), max_size=3),
            ANY,
        )
    if isinstance(kind, schema.OneOf):
        return st.one_of([values_for(k) for k in (kind.scalar, kind.mapping, kind.sequence) if k is not None])
    if type(kind).__name__ == "SceneEntry":  # a scene, or in a mod an extension of one
        records = [
            getattr(schema, name)
            for name in ("SCENE", "EXTENSION")
            if isinstance(getattr(schema, name, None), schema.Record)
        ]
        return st.one_of([values_for(record) for record in records])
    good = {
        schema.Text: st.text(min_size=1, max_size=40) | st.sampled_from(["Nerve {nerve}.", "{nope}", "{{x}}"]),
        schema.Ident: IDS,
        schema.Int: st.integers(-20, 20),
        schema.Bool: st.booleans(),
        schema.Date: DATES,
        schema.Expression: EXPRESSIONS | st.integers(-5, 5),
    }.get(type(kind))
    if isinstance(kind, schema.Enum):
        good = st.sampled_from(kind.values)
    if good is None:  # a kind this test does not know yet: any value at all
        return ANY
    return st.one_of(good, good, good, good, SCALARS, ANY)  # mostly right: wrong values stop the loader early


FILES = {
    "hero/scenes.yaml": schema.SCENE_FILE,  # replaces the pack's own scenes
    "hero/extra.yaml": schema.SCENE_FILE,  # beside them, so references to s1 and s2 resolve
    "pack.yaml": schema.PACK,
    "timeline.yaml": schema.TIMELINE_FILE,
    "sources.yaml": schema.SOURCES_FILE,
    "glossary.yaml": schema.GLOSSARY_FILE,
}


@st.composite
def pack_files(draw) -> tuple[str, str]:
    target = draw(st.sampled_from(sorted(FILES) + ["hero/scenes.yaml", "hero/extra.yaml"] * 2))
    document = draw(values_for(FILES[target]))
    return target, yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def assert_own_problems(problems) -> None:
    for problem in problems:
        assert isinstance(problem, Problem) and isinstance(problem.loc.file, str) and problem.loc.line >= 0
        assert problem.severity in ("error", "warning") and problem.message
        problem.format()


def play_a_little(story) -> None:
    """A story that loads can be played: only RuleError may come out of the rules."""
    for role in story.roles:
        state = rules.new_game(story, role)
        for _ in range(20):
            rules.interpolate(rules.current_scene(story, state).text, state)
            choices = rules.available_choices(story, state)
            if not choices:
                break
            state = rules.choose(story, state, choices[-1].id)
        if state.log:
            rules.undo(story, state)


def test_a_variable_without_a_label_is_an_error_not_a_crash(pack):
    for spec in ("{min: 1}", "{label: ''}", "{type: flag}"):
        manifest = f"id: tiny\ntitle: Tiny\nroles:\n  hero: {{title: H, start: s1}}\nvariables:\n  nerve: {spec}\n"
        report = run_check([str(pack({"pack.yaml": manifest}, name=f"p{len(spec)}"))])
        assert any(p.message in ("variable has no 'label'", "this text is empty") for p in report.problems)


@FUZZ
@given(pack_files())
def test_random_pack_files_give_only_located_problems(workdir, generated):
    target, text = generated
    pack_dir = write_pack(Path(tempfile.mkdtemp(dir=workdir)), {target: text})
    report = run_check([str(pack_dir)])
    assert_own_problems(report.problems)
    if report.story is None:
        assert report.errors > 0
    else:
        play_a_little(report.story)


YAML_BITS = [
    "- ",
    "  ",
    ": ",
    "\n",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "!!python/name:os.system ",
    "!x ",
    "? ",
    "|",
    ">",
    "'",
    '"',
    "#",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "<<: ",
    "id",
    "s1",
    "\t",
    "\\",
    "~",
    "é",
]


@FUZZ
@given(st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=5), max_size=60).map("".join))
def test_random_yaml_text_gives_only_yaml_problems(text):
    found: list[Problem] = []
    try:
        yamlnodes.parse(text, "f.yaml", found)
    except yamlnodes.YamlProblem as exc:
        assert exc.problem.loc.file == "f.yaml" and exc.problem.loc.line >= 1
    assert_own_problems(found)


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_give_only_yaml_problems(data):
    try:
        yamlnodes.parse(yamlnodes.decode(data, "f.yaml"), "f.yaml")
    except yamlnodes.YamlProblem as exc:
        assert exc.problem.loc.line >= 1


TYPES = {"nerve": "number", "courage": "number", "brave": "flag"}


@FUZZ
@given(
    EXPRESSIONS,
    st.integers(-(10**9), 10**9),
    st.integers(0, 10),
    st.booleans(),
    st.sets(st.sampled_from(["s1", "s2"])),
    st.sets(st.sampled_from(["s1.go", "s1.wait"])),
)
def test_random_expressions_give_only_expression_errors(text, nerve, courage, brave, visited, chosen):
    try:
        compiled = expressions.build(text, TYPES)
    except expressions.ExpressionError as exc:
        assert isinstance(exc.message, str) and exc.message and 0 <= exc.offset <= len(text)
        return
    assert compiled.kind in ("number", "flag")
    env = SimpleNamespace(
        variables={"nerve": nerve, "courage": courage, "brave": brave}, visited=visited, chosen=chosen
    )
    value = compiled.run(env)
    if compiled.kind == "flag":
        assert isinstance(value, bool)
    else:
        assert isinstance(value, int) and not isinstance(value, bool)


@FUZZ
@given(st.text(max_size=600))
def test_any_text_as_an_expression_gives_only_expression_errors(text):
    try:
        expressions.build(text, TYPES)
    except expressions.ExpressionError as exc:
        assert 0 <= exc.offset <= len(text)


@FUZZ
@given(EXPRESSIONS | st.text(max_size=80), st.sampled_from(["if", "do", "set"]))
def test_random_expressions_in_a_valid_scene_give_only_located_problems(workdir, text, where):
    quoted = yaml.safe_dump(text, allow_unicode=True, default_style='"', width=10**6).strip()
    if quoted.endswith("\n..."):
        quoted = quoted[:-4].strip()
    if where == "if":
        scenes = SCENES_YAML.replace("if: nerve >= 3", f"if: {quoted}")
    elif where == "do":
        scenes = SCENES_YAML.replace("do: {nerve: +1}", f"do: {{nerve: {quoted}}}")
    else:
        scenes = SCENES_YAML.replace("set: {brave: true}", f"set: {{brave: {quoted}}}")
    assert scenes != SCENES_YAML
    pack_dir = write_pack(Path(tempfile.mkdtemp(dir=workdir)), {"hero/scenes.yaml": scenes})
    report = run_check([str(pack_dir)])
    assert_own_problems(report.problems)
    if report.story is not None:
        play_a_little(report.story)
    else:
        assert any(p.loc.line == (9 if where == "if" else 8) for p in report.problems), [
            p.format() for p in report.problems
        ]
