"""A game written out as Markdown: every scene, choice and record, the ending and the sources.

The transcript is for a class to read afterwards, or for a player to keep.
It is built from the state alone (scene texts come from the story, with the
variable values as they were at each scene), and written atomically.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from game.engine import rules
from game.engine.state import GameState
from game.story.model import Story
from game.tui.data import journey
from game.tui.data.dates import date_range, long_date


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _votes_by_step(votes: Mapping[str, Any] | None) -> dict[int, dict[str, int]]:
    """The counts of a save's ``classroom`` block, by the index of the choice they decided."""
    out: dict[int, dict[str, int]] = {}
    for entry in (votes or {}).get("votes", []):
        if isinstance(entry, dict) and isinstance(entry.get("step"), int) and isinstance(entry.get("counts"), dict):
            out[entry["step"]] = {str(k): v for k, v in entry["counts"].items() if isinstance(v, int)}
    return out


def transcript_markdown(
    story: Story, state: GameState, *, now: float | None = None, votes: Mapping[str, Any] | None = None
) -> str:
    """The game as Markdown; ``votes`` is the classroom block of a class game (its votes are shown per choice)."""
    counted = _votes_by_step(votes)
    role = story.roles.get(state.role)
    role_title = role.title if role else state.role
    moment = dt.datetime.fromtimestamp(time.time() if now is None else now)
    lines: list[str] = [f"# {story.title}: a transcript", ""]
    lines.append(f"- **Role:** {role_title}")
    scene = story.scenes.get(state.scene)
    if scene is not None and scene.ending is not None:
        kind = " (counterfactual: this did not happen)" if scene.ending.counterfactual else ""
        lines.append(f"- **Ending:** {scene.ending.title}{kind}")
    else:
        lines.append("- **Ending:** not reached yet")
    lines.append(f"- **Choices made:** {len(state.log)}")
    lines.append(f"- **Exported:** {moment:%Y-%m-%d %H:%M}")
    lines.append("")
    for index, step in enumerate(journey.steps(story, state)):
        here = step.scene
        lines.append(f"## {long_date(here.date)}: {here.title}")
        lines.append("")
        lines.append(f"*{here.place}*")
        lines.append("")
        lines.append(rules.interpolate(here.text, step.state).strip())
        lines.append("")
        if step.choice is not None:
            counts = counted.get(index)
            if counts:
                lines.append(f"**The class chose:** {step.choice.label}")
                lines.append("")
                shown = "; ".join(f"{c.label}: {counts[c.id]}" for c in here.choices if c.id in counts)
                lines.append(f"Class vote ({sum(counts.values())} votes): {shown}")
            else:
                lines.append(f"**You chose:** {step.choice.label}")
            lines.append("")
            if step.choice.record:
                lines.append(_quote(f"What people really did: {step.choice.record}"))
                lines.append("")
    if scene is not None and scene.ending is not None:
        ending = scene.ending
        lines.append(f"## The end: {ending.title}")
        lines.append("")
        lines.append(rules.interpolate(ending.epilogue, state).strip())
        lines.append("")
        if ending.counterfactual:
            lines.append("*This ending is counterfactual: it did not happen.*")
            lines.append("")
            if ending.instead:
                lines.append(f"**What really happened instead:** {ending.instead.strip()}")
                lines.append("")
        lines.append("### What really happened")
        lines.append("")
        lines.append(scene.history.text.strip())
        lines.append("")
    rows = journey.path_beside_history(story, state)
    if rows:
        lines.append("## Your path beside history")
        lines.append("")
        lines.append("| Date | Your path | What happened |")
        lines.append("|---|---|---|")
        for row in rows:
            yours = "; ".join(_cell(s.title) for s in row.yours)
            record = "; ".join(
                ("✓ " if e.id in row.matched else "")
                + _cell(e.title)
                + (f" ({date_range(e.start, e.end, short=True)})" if e.start != e.end else "")
                for e in row.record
            )
            lines.append(f"| {long_date(row.day)} | {yours} | {record} |")
        lines.append("")
        lines.append("✓ marks the events your scenes were set at.")
        lines.append("")
    cited = journey.cited_sources(story, state)
    if cited:
        lines.append("## Sources")
        lines.append("")
        for source_id in cited:
            source = story.sources.get(source_id)
            if source is None:
                lines.append(f"- {source_id}")
                continue
            url = f" <{source.url}>" if source.url else ""
            lines.append(f"- {source.citation()}{url}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def transcript_name(story: Story, state: GameState, now: float | None = None) -> str:
    moment = dt.datetime.fromtimestamp(time.time() if now is None else now)
    return f"transcript-{state.role}-{moment:%Y%m%d-%H%M%S}.md"


def write_transcript(
    folder: Path, story: Story, state: GameState, *, now: float | None = None, votes: Mapping[str, Any] | None = None
) -> Path:
    """Write the transcript into ``folder`` (atomically) and return its path; raises OSError."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / transcript_name(story, state, now)
    number = 2
    while path.exists():
        path = folder / f"{path.stem.rsplit('~', 1)[0]}~{number}.md"
        number += 1
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(transcript_markdown(story, state, now=now, votes=votes))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path
