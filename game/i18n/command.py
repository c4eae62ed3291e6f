"""``spring68 i18n extract`` and ``spring68 i18n check --lang LANG``: the translator's two commands.

With ``--interface`` they work on the interface's own words (the code's ``_()`` strings,
:mod:`game.i18n.interface_strings`) instead of a pack's.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # every `spring68` start builds the parser: the work is imported only when it runs
    from pathlib import Path

    from game.i18n.checking import CheckReport
    from game.i18n.story_strings import StoryString
    from game.story.model import Story

SHOWN_PER_KIND = 20


def add_parser(sub: argparse._SubParsersAction) -> None:  # argparse's type for add_subparsers()
    i18n = sub.add_parser(
        "i18n",
        help="translations: extract the strings, check a language",
        description="Extract every string a player reads into a gettext template, or check a translation.",
    )
    i18n.add_argument("action", choices=("extract", "check"), help="extract: write the template; check: a language")
    i18n.add_argument("packs", nargs="*", metavar="PACK", help="packs to load, base first (default: the campaign)")
    i18n.add_argument("--lang", help="the language to check (e.g. cs), or to start a catalogue for with extract")
    i18n.add_argument("--out", metavar="FILE", help="extract: where to write (default: PACK/i18n/strings.pot)")
    i18n.add_argument(
        "--catalogue", metavar="FILE", help="check: this .po file instead of PACK/i18n/LANG.po (a translator's part)"
    )
    i18n.add_argument("--json", action="store_true", help="check: print the report as JSON")
    i18n.add_argument(
        "--all", action="store_true", help=f"check: list every problem, not {SHOWN_PER_KIND} of each kind"
    )
    i18n.add_argument(
        "--interface",
        action="store_true",
        help="the interface's own words (game/i18n/locale/), not a pack's: extract writes interface.pot",
    )


def run(args: argparse.Namespace, story: Story) -> int:
    from pathlib import Path

    from game.i18n.catalogue import TEMPLATE, CatalogueError, catalogue_path, template, write
    from game.i18n.checking import check
    from game.i18n.story_strings import story_strings

    if getattr(args, "interface", False):
        return _run_interface(args)
    pack = Path(story.packs[-1].path)  # a mod's strings go into the mod's own catalogue
    strings = [found for found in story_strings(story) if _in_pack(found, story, pack)]
    if args.action == "extract":
        lang = args.lang or ""
        out = Path(args.out) if args.out else (catalogue_path(pack, lang) if lang else pack / "i18n" / TEMPLATE)
        if lang and out.exists() and not args.out:
            print(f"spring68: {out} exists; give --out to write a fresh catalogue elsewhere", file=sys.stderr)
            return 2
        write(template(strings, project=story.packs[-1].id, lang=lang), out)
        print(f"{len(strings)} strings written to {out}")
        return 0
    if not args.lang:
        print("spring68: say which language to check, e.g. spring68 i18n check --lang cs", file=sys.stderr)
        return 2
    path = Path(args.catalogue) if getattr(args, "catalogue", None) else catalogue_path(pack, args.lang)
    if not path.is_file() and getattr(args, "catalogue", None):
        print(f"spring68: there is no catalogue {path}", file=sys.stderr)
        return 2
    try:
        report = check(strings, path, args.lang)
    except CatalogueError as exc:
        print(f"spring68: {exc}", file=sys.stderr)
        return 2
    return _print_report(report, args)


def _run_interface(args: argparse.Namespace) -> int:
    """``extract --interface`` and ``check --interface --lang LANG``: the same, for the code's own words."""
    from pathlib import Path

    from game.i18n import interface_strings
    from game.i18n.catalogue import CatalogueError
    from game.i18n.interface_check import check_interface

    strings = interface_strings.interface_strings()
    if args.action == "extract":
        lang = args.lang or ""
        default = interface_strings.catalogue_path(lang) if lang else interface_strings.template_path()
        out = Path(args.out) if args.out else default
        if lang and out.exists() and not args.out:
            print(f"spring68: {out} exists; give --out to write a fresh catalogue elsewhere", file=sys.stderr)
            return 2
        interface_strings.write(interface_strings.template(strings, lang=lang), out)
        print(f"{len(strings)} interface strings written to {out}")
        return 0
    if not args.lang:
        print("spring68: say which language to check, e.g. spring68 i18n check --interface --lang cs", file=sys.stderr)
        return 2
    try:
        report = check_interface(strings, interface_strings.catalogue_path(args.lang), args.lang)
    except CatalogueError as exc:
        print(f"spring68: {exc}", file=sys.stderr)
        return 2
    return _print_report(report, args)


def _print_report(report: CheckReport, args: argparse.Namespace) -> int:
    import json

    counts = {kind: report.count(kind) for kind in ("untranslated", "stale", "inconsistent", "unknown")}
    if args.json:
        data = {
            "lang": report.lang,
            "catalogue": report.catalogue,
            "strings": report.total,
            "translated": report.translated,
            **counts,
            "problems": [problem._asdict() for problem in report.problems],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0 if report.ok else 1
    for kind in counts:
        shown = [problem for problem in report.problems if problem.kind == kind]
        for problem in shown if args.all else shown[:SHOWN_PER_KIND]:
            print(problem)
        if not args.all and len(shown) > SHOWN_PER_KIND:
            print(f"... and {len(shown) - SHOWN_PER_KIND} more {kind} (--all lists them)")
    print(
        f"{report.lang}: {report.translated} of {report.total} strings translated; "
        + ", ".join(f"{count} {kind}" for kind, count in counts.items())
    )
    return 0 if report.ok else 1


def _in_pack(found: StoryString, story: Story, pack: Path) -> bool:
    """Is this string written in the last pack loaded (the one being translated)?"""
    from pathlib import Path

    if len(story.packs) == 1:
        return True
    if not found.loc.file:
        return found.id.startswith(f"pack:{story.packs[-1].id}:")
    try:
        Path(found.loc.file).resolve().relative_to(pack.resolve())
    except ValueError:
        return False
    return True
