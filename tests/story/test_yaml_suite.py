"""The official YAML test suite, fed to `check` as scene files and as pack.yaml.

All 406 cases go in, one pack per case: `check` must never raise, and every
case the suite marks as invalid must be reported as an error at FILE:LINE of
that very file. A subprocess run (the command a modder types) covers all the
cases as scene files of one pack, and a sample of them as pack.yaml.

The suite (MIT licence, https://github.com/yaml/yaml-test-suite) is not part of
this repository. It is looked for in ``$SPRING68_YAML_SUITE`` or else in
``../shared/corpus/yaml-test-suite`` beside the checkout, where CI always has
it, in one of two forms: the project's flat copy (``MANIFEST.tsv`` naming one
``.yaml`` file per case), or a clone of one of the suite's data releases (a
folder per case with ``in.yaml``, ``===`` and, for invalid cases, ``error``). When it
is found nowhere these tests are skipped with one line saying so; under
``CI=true`` a missing suite is a failure, never a skip.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

from game.story.loader import display_path
from game.tools.check import run_check
from tests.conftest import ROOT, write_pack

SUITE_HINT = (
    "the YAML test suite (https://github.com/yaml/yaml-test-suite) was not found in $SPRING68_YAML_SUITE or "
    "../shared/corpus/yaml-test-suite; CI has it. To run these tests, clone one of its data releases "
    "(git clone -b data-YYYY-MM-DD ...) and set SPRING68_YAML_SUITE to that folder (README: The YAML test suite)"
)
# The project's copy: these counts tell that the whole copy is there. Another version of the suite
# (a data release) has its own counts and is run as it is.
CASES = 406
MUST_FAIL = 94


def _suite_folder() -> Path:
    chosen = os.environ.get("SPRING68_YAML_SUITE")
    return Path(chosen) if chosen else ROOT.parent / "shared" / "corpus" / "yaml-test-suite"


def _read_cases(folder: Path) -> list[dict[str, str]] | None:
    """The suite's cases as rows of ``file`` (relative to ``folder``), ``suite_id``, ``fail``, ``name``."""
    manifest = folder / "MANIFEST.tsv"
    if manifest.is_file():
        with open(manifest, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        assert len(rows) == CASES and sum(row["fail"] == "true" for row in rows) == MUST_FAIL, (
            f"{manifest} is incomplete: expected {CASES} cases, {MUST_FAIL} of them invalid"
        )
        return rows
    rows = []
    # os.walk does not follow links: a data release's name/ and tags/ folders link to the cases.
    cases = sorted(Path(top) for top, _, files in os.walk(folder) if "in.yaml" in files)
    for case in cases:
        source = case / "in.yaml"
        name_file = case / "==="
        rows.append(
            {
                "file": str(source.relative_to(folder)),
                "suite_id": "-".join(case.relative_to(folder).parts),
                "fail": "true" if (case / "error").exists() else "false",
                "name": name_file.read_text(encoding="utf-8").strip() if name_file.is_file() else case.name,
            }
        )
    return rows or None


SUITE = _suite_folder()
CASE_ROWS = _read_cases(SUITE) if SUITE.is_dir() else None
if CASE_ROWS is None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true, but {SUITE_HINT}", pytrace=False)
    pytest.skip(SUITE_HINT, allow_module_level=True)


# Invalid YAML that libyaml (or PyYAML's own parser) accepts anyway. `check`
# still reports each one at a line of its file (it is not a valid scene or
# manifest), but as a schema error rather than a YAML syntax error. Listed so
# that any *other* invalid case slipping through the parser is noticed.
PARSER_ACCEPTS = {
    "9C9N",
    "9JBA",
    "CVW2",
    "DK95-01",
    "G5U8",
    "MUS6-00",
    "QB6E",
    "S98Z",
    "SU5Z",
    "U99R",
    "X4QW",
    "Y79Y-003",
    "YJV2",
}


@pytest.fixture(scope="module")
def suite() -> list[dict[str, str]]:
    assert CASE_ROWS is not None
    return CASE_ROWS


def line_count(data: bytes) -> int:
    return data.count(b"\n") + 1


def located(problems, file: str, data: bytes):
    """The errors reported at a real line of ``file``."""
    return [p for p in problems if p.severity == "error" and p.loc.file == file and 1 <= p.loc.line <= line_count(data)]


@pytest.mark.parametrize("target", ["hero/case.yaml", "pack.yaml"], ids=["as a scene file", "as pack.yaml"])
def test_every_case_is_checked_without_a_crash_and_invalid_ones_are_located(suite, tmp_path, target):
    failures: list[str] = []
    slipped: set[str] = set()
    for index, row in enumerate(suite):
        data = (SUITE / row["file"]).read_bytes()
        pack_dir = write_pack(tmp_path / f"{index:03d}", {target: data})
        try:
            report = run_check([str(pack_dir)])
        except Exception:  # noqa: BLE001 - the point: nothing may escape
            failures.append(f"{row['file']} ({row['name']}): check raised\n{traceback.format_exc()}")
            continue
        if row["fail"] != "true":
            continue
        file = display_path(pack_dir / target)
        errors = located(report.problems, file, data)
        if not errors:
            failures.append(
                f"{row['file']} ({row['name']}): invalid YAML, but no error at a line of {file}: "
                f"{[p.format() for p in report.problems][:3]}"
            )
            continue
        assert errors[0].format().startswith(f"{file}:{errors[0].loc.line}:")
        if not any(p.code == "yaml" for p in errors):
            slipped.add(row["suite_id"])
    assert failures == [], "\n".join(failures)
    assert slipped <= PARSER_ACCEPTS, (
        f"invalid YAML now reported only as a schema error: {sorted(slipped - PARSER_ACCEPTS)}"
    )


def run_check_command(*packs: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", "check", *map(str, packs)], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def test_the_check_command_reports_every_invalid_case_among_all_of_them(suite, tmp_path):
    files = {f"hero/{row['suite_id']}.yaml": (SUITE / row["file"]).read_bytes() for row in suite}
    pack_dir = write_pack(tmp_path / "all", files)
    result = run_check_command(pack_dir)
    assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    missing = []
    for row in suite:
        if row["fail"] != "true":
            continue
        shown = display_path(pack_dir / "hero" / f"{row['suite_id']}.yaml")
        if not any(re.match(re.escape(shown) + r":\d+:\d+: error: ", line) for line in lines):
            missing.append(row["suite_id"])
    assert missing == []
    assert lines[-1].startswith("check: the pack could not be loaded: ")


def test_the_check_command_on_a_sample_as_pack_yaml(suite, tmp_path):
    invalid = [row for row in suite if row["fail"] == "true"]
    valid = [row for row in suite if row["fail"] != "true"]
    sample = invalid[::8] + valid[::40]
    for row in sample:
        data = (SUITE / row["file"]).read_bytes()
        pack_dir = write_pack(tmp_path / row["suite_id"], {"pack.yaml": data})
        result = run_check_command(pack_dir)
        assert "Traceback" not in result.stderr + result.stdout, (row["file"], result.stderr)
        assert result.returncode in (0, 1), (row["file"], result.returncode, result.stderr)
        if row["fail"] == "true":
            shown = re.escape(display_path(pack_dir / "pack.yaml"))
            assert result.returncode == 1
            assert re.search(rf"^{shown}:\d+:\d+: error: ", result.stdout, re.M), (row["file"], result.stdout)
