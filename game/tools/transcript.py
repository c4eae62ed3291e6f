"""``spring68 transcript``: the path of a player or a class, from a save file.

Every scene in order with the choice made (and the class's votes, when the
game was played in classroom mode), the note on what real people did, what
really happened, and at the end the player's path beside the historical one.
The save's log of choice ids is replayed through the engine, so the
transcript shows exactly what the game showed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from game.engine import rules
from game.engine.saves import restore
from game.engine.state import GameState
from game.story.model import Choice, Scene, Story
from game.tools.render import html_page, inline_html, long_date, prose_html


@dataclass
class Step:
    scene: Scene
    choice: Choice | None
    votes: dict[str, int]
    """choice id -> number of votes, when a class voted"""
    state: GameState


def steps(story: Story, document: dict[str, Any]) -> tuple[list[Step], str]:
    """Replay a save into steps; the note says if the story changed since the save."""
    restored = restore(story, document)
    final = restored.state
    votes_by_step = {}
    for entry in (document.get("classroom") or {}).get("votes", []):
        if isinstance(entry, dict) and isinstance(entry.get("step"), int) and isinstance(entry.get("counts"), dict):
            votes_by_step[entry["step"]] = {str(k): int(v) for k, v in entry["counts"].items() if isinstance(v, int)}
    origin = final.origin
    state = rules.new_game(story, final.role, start=origin.get("scene") or None, overrides=origin.get("set") or None)
    out: list[Step] = []
    for index, choice_id in enumerate(final.log):
        scene = story.scenes[state.scene]
        choice = scene.choice(choice_id)
        out.append(Step(scene, choice, votes_by_step.get(index, {}), state))
        state = rules.choose(story, state, choice_id)
    out.append(Step(story.scenes[state.scene], None, {}, state))
    return out, restored.note


def _who(story: Story, document: dict[str, Any], state: GameState) -> str:
    role = story.roles[state.role].title
    slot = document.get("slot", "")
    return f"{role}" + (f" — save “{slot}”" if slot and slot != "autosave" else "")


def _votes_text(story: Story, step: Step) -> str:
    if not step.votes:
        return ""
    total = sum(step.votes.values())
    parts = []
    for choice in step.scene.choices:
        if choice.id in step.votes:
            parts.append(f"{choice.label}: {step.votes[choice.id]}")
    return f"Class vote ({total} votes): " + "; ".join(parts)


def to_markdown(story: Story, document: dict[str, Any]) -> str:
    all_steps, note = steps(story, document)
    final = all_steps[-1]
    out = [f"# {story.title}: transcript", "", f"*{_who(story, document, final.state)}*", ""]
    if note:
        out += [f"> {note}", ""]
    for number, step in enumerate(all_steps, 1):
        scene = step.scene
        out += [f"## {number}. {scene.title}", "", f"*{long_date(scene.date)} · {scene.place}*", ""]
        if step.choice is not None:
            out.append(f"**Choice:** {step.choice.label}")
            votes = _votes_text(story, step)
            if votes:
                out += ["", votes]
            if step.choice.record:
                out += ["", f"**What people really did:** {' '.join(step.choice.record.split())}"]
        elif scene.ending is not None:
            label = " (counterfactual: this did not happen)" if scene.ending.counterfactual else ""
            out.append(f"**Ending: {scene.ending.title}**{label}")
            out += ["", " ".join(rules.interpolate(scene.ending.epilogue, step.state).split())]
            if scene.ending.counterfactual and scene.ending.instead:
                out += ["", f"**What really happened instead:** {' '.join(scene.ending.instead.split())}"]
        else:
            out.append("*(The game stopped here.)*")
        out += ["", f"**What really happened:** {' '.join(scene.history.text.split())}", ""]
    out += [
        "## Your path beside the historical one",
        "",
        "| Date | Your path | The historical record |",
        "|---|---|---|",
    ]
    for date, yours, record in _comparison(story, all_steps):
        out.append(f"| {date} | {yours} | {record} |")
    return "\n".join(out) + "\n"


def _comparison(story: Story, all_steps: list[Step]) -> list[tuple[str, str, str]]:
    rows = []
    for step in all_steps:
        scene = step.scene
        event = story.timeline.get(scene.anchor or "")
        yours = scene.title + (f" — you chose: {step.choice.label}" if step.choice else "")
        record = event.title if event else "—"
        if step.choice is not None and step.choice.record:
            record += f". {' '.join(step.choice.record.split())}" if event else " ".join(step.choice.record.split())
        rows.append((long_date(scene.date), yours.replace("|", "/"), record.replace("|", "/")))
    return rows


def to_html(story: Story, document: dict[str, Any]) -> str:
    all_steps, note = steps(story, document)
    final = all_steps[-1]
    title = f"{story.title}: transcript"
    body = [f"<h1>{html.escape(title)}</h1>", f'<p class="meta">{html.escape(_who(story, document, final.state))}</p>']
    if note:
        body.append(f'<p class="history">{html.escape(note)}</p>')
    for number, step in enumerate(all_steps, 1):
        scene = step.scene
        parts = [
            '<section class="step">',
            f"<h2>{number}. {html.escape(scene.title)}</h2>",
            f'<p class="meta">{html.escape(long_date(scene.date))} · {html.escape(scene.place)}</p>',
        ]
        if step.choice is not None:
            parts.append(f'<p class="chosen">Choice: {inline_html(step.choice.label)}</p>')
            votes = _votes_text(story, step)
            if votes:
                parts.append(f"<p>{html.escape(votes)}</p>")
            if step.choice.record:
                parts.append(
                    f'<p class="record"><strong>What people really did:</strong> {inline_html(step.choice.record)}</p>'
                )
        elif scene.ending is not None:
            label = (
                ' <span class="cf">(counterfactual: this did not happen)</span>' if scene.ending.counterfactual else ""
            )
            parts.append(f'<p class="chosen">Ending: {html.escape(scene.ending.title)}{label}</p>')
            parts.append(prose_html(rules.interpolate(scene.ending.epilogue, step.state)))
            if scene.ending.counterfactual and scene.ending.instead:
                parts.append(
                    f"<p><strong>What really happened instead:</strong> {inline_html(scene.ending.instead)}</p>"
                )
        parts.append(
            f'<div class="history"><p><strong>What really happened</strong></p>{prose_html(scene.history.text)}</div>'
        )
        parts.append("</section>")
        body.append("\n".join(parts))
    body.append(
        '<h2>Your path beside the historical one</h2>\n<table class="compare">'
        "<tr><th>Date</th><th>Your path</th><th>The historical record</th></tr>"
    )
    for date, yours, record in _comparison(story, all_steps):
        body.append(f"<tr><td>{html.escape(date)}</td><td>{inline_html(yours)}</td><td>{inline_html(record)}</td></tr>")
    body.append("</table>")
    return html_page(title, "\n".join(body))
