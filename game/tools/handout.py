"""``spring68 prompts``: a printable classroom handout.

A one-page timeline, then every decision point in date order: its context,
the options, the discussion prompts, what really happened (and what people
really did about each option), and the sources. Markdown for editing, or one
self-contained HTML file (inline CSS) that prints on A4 and Letter alike.
"""

from __future__ import annotations

import html
import re

from game.story.dates import date_range, long_date
from game.story.markdown import inline_html
from game.story.markdown import to_html as prose_html
from game.story.model import Scene, Story
from game.tools.render import html_page, paragraphs

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _without_values(story: Story, text: str) -> str:
    """Scene text for print: a {variable} becomes its label, since there is no game to show a value."""

    def swap(match: re.Match[str]) -> str:
        if match.group(0) in ("{{", "}}"):
            return match.group(0)[0]
        variable = story.variables.get(match.group(1))
        return f"[{variable.label.lower()}]" if variable else match.group(0)

    return _PLACEHOLDER.sub(swap, text)


def decision_points(story: Story, role: str | None = None) -> list[Scene]:
    """Scenes where the player decides, in date order (roles interleaved when both are shown)."""
    roles = list(story.roles)
    scenes = [s for s in story.scenes.values() if s.choices and (role is None or s.role == role)]
    order = {scene_id: index for index, scene_id in enumerate(story.scenes)}
    return sorted(scenes, key=lambda s: (s.date, roles.index(s.role), order[s.id]))


def timeline_events(story: Story, role: str | None = None) -> list:
    """The events the decisions are anchored to, plus the fixed points: a timeline that fits a page."""
    wanted = {s.anchor for s in story.scenes.values() if s.anchor and (role is None or s.role == role)}
    for points_role, points in story.fixed_points.items():
        if role is None or points_role == role:
            wanted |= set(points)
    return sorted((story.timeline[e] for e in wanted if e in story.timeline), key=lambda e: (e.start, e.end))


def _context(story: Story, scene: Scene, limit: int = 2) -> list[str]:
    return paragraphs(_without_values(story, scene.text))[:limit]


def _title(story: Story, role: str | None) -> str:
    who = story.roles[role].title if role else " and ".join(r.title for r in story.roles.values())
    return f"{story.title}: discussion handout — {who}"


def to_markdown(story: Story, role: str | None = None) -> str:
    out = [f"# {_title(story, role)}", ""]
    if story.pack.content_note:
        out += [f"*Content note: {' '.join(story.pack.content_note.split())}*", ""]
    out += ["## Timeline", "", "| When | What happened |", "|---|---|"]
    for event in timeline_events(story, role):
        out.append(f"| {date_range(event.start, event.end)} | {event.title} |")
    out.append("")
    out.append("## Decision points")
    for number, scene in enumerate(decision_points(story, role), 1):
        role_title = story.roles[scene.role].title
        out += ["", f"### {number}. {scene.title}", "", f"*{long_date(scene.date)} · {scene.place} · {role_title}*", ""]
        for paragraph in _context(story, scene):
            out += [paragraph, ""]
        out.append("**The options**")
        out.append("")
        for index, choice in enumerate(scene.choices, 1):
            out.append(f"{index}. {choice.label}")
        if scene.discuss:
            out += ["", "**To discuss**", ""]
            out += [f"- {prompt}" for prompt in scene.discuss]
        out += ["", "**What really happened**", ""]
        out += [" ".join(scene.history.text.split()), ""]
        notes = [c for c in scene.choices if c.record]
        if notes:
            out += ["What people really did:", ""]
            out += [f"- *{c.label}*: {' '.join(c.record.split())}" for c in notes]
            out.append("")
        out.append("Sources: " + "; ".join(_citation(story, s) for s in scene.history.sources))
    out += ["", "## Sources", ""]
    out += [f"- {_citation(story, s)}" for s in _all_sources(story, role)]
    return "\n".join(out) + "\n"


def _citation(story: Story, source_id: str) -> str:
    source = story.sources.get(source_id)
    return source.citation() if source else source_id


def _all_sources(story: Story, role: str | None) -> list[str]:
    seen: dict[str, None] = {}
    for scene in decision_points(story, role):
        for source in scene.history.sources:
            seen.setdefault(source, None)
    return sorted(seen, key=lambda s: _citation(story, s).lower())


def to_html(story: Story, role: str | None = None) -> str:
    title = _title(story, role)
    body = [f"<h1>{html.escape(title)}</h1>"]
    if story.pack.content_note:
        body.append(f'<p class="meta">Content note: {inline_html(story.pack.content_note)}</p>')
    body.append('<h2>Timeline</h2>\n<table class="timeline">')
    for event in timeline_events(story, role):
        body.append(
            f"<tr><td>{html.escape(date_range(event.start, event.end))}</td><td>{html.escape(event.title)}</td></tr>"
        )
    body.append("</table>\n<h2>Decision points</h2>")
    for number, scene in enumerate(decision_points(story, role), 1):
        role_title = story.roles[scene.role].title
        parts = [
            f'<section class="decision" id="{html.escape(scene.id)}">',
            f"<h3>{number}. {html.escape(scene.title)}</h3>",
            f'<p class="meta">{html.escape(long_date(scene.date))} · {html.escape(scene.place)} · '
            f"{html.escape(role_title)}</p>",
        ]
        parts += [f"<p>{inline_html(p)}</p>" for p in _context(story, scene)]
        parts.append('<p><strong>The options</strong></p>\n<ol class="options">')
        parts += [f"<li>{inline_html(c.label)}</li>" for c in scene.choices]
        parts.append("</ol>")
        if scene.discuss:
            parts.append('<p><strong>To discuss</strong></p>\n<ul class="prompts">')
            parts += [f"<li>{inline_html(p)}</li>" for p in scene.discuss]
            parts.append("</ul>")
        parts.append('<div class="history"><p><strong>What really happened</strong></p>')
        parts.append(prose_html(scene.history.text))
        notes = [c for c in scene.choices if c.record]
        if notes:
            parts.append('<p>What people really did:</p>\n<ul class="record">')
            parts += [f"<li><em>{inline_html(c.label)}</em>: {inline_html(c.record)}</li>" for c in notes]
            parts.append("</ul>")
        parts.append(
            '<p class="sources">Sources: '
            + "; ".join(html.escape(_citation(story, s)) for s in scene.history.sources)
            + "</p></div>"
        )
        parts.append("</section>")
        body.append("\n".join(parts))
    body.append('<h2>Sources</h2>\n<ul class="sources">')
    body += [f"<li>{html.escape(_citation(story, s))}</li>" for s in _all_sources(story, role)]
    body.append("</ul>")
    return html_page(title, "\n".join(body))
