"""``spring68 graph``: the scene map as Graphviz DOT or Mermaid, for modders' eyes.

Scenes are nodes labelled with their date and title; choices are edges
labelled with their text (conditions shown in brackets); endings are drawn
as double outlines (counterfactual ones dashed) and fixed-point scenes
highlighted, so the shape of a campaign can be read at a glance. The graph
is named after the packs loaded (``base + my_mod``), and a mod's scenes are
drawn in blue with the mod's id under their title, so a modder sees at once
where the mod joins the campaign.
"""

from __future__ import annotations

from game.story.model import Scene, Story


def _label(text: str, limit: int = 38) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _scenes(story: Story, role: str | None) -> list[Scene]:
    return [s for s in story.scenes.values() if role is None or s.role == role]


def _fixed(story: Story, scene: Scene) -> bool:
    return bool(scene.anchor) and scene.anchor in story.fixed_points.get(scene.role, ())


def graph_name(story: Story) -> str:
    """The packs that make up the map, base first: ``base + washington_question``."""
    return " + ".join(pack.id for pack in story.packs)


def from_mod(story: Story, scene: Scene) -> bool:
    """Whether the scene was written (or replaced) by a mod rather than the base pack."""
    return bool(scene.pack) and scene.pack != story.pack.id


MOD_COLOUR = "#3366cc"


def to_dot(story: Story, role: str | None = None) -> str:
    def quote(*lines: str) -> str:
        """A DOT string; several lines are joined with DOT's own line break."""
        escaped = [line.replace("\\", "\\\\").replace('"', '\\"') for line in lines]
        return '"' + "\\n".join(escaped) + '"'

    lines = [
        f"digraph {quote(graph_name(story))} {{",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded", fontname="sans-serif"];',
        '  edge [fontname="sans-serif", fontsize=10];',
    ]
    for role_id in [role] if role else list(story.roles):
        lines.append(f"  subgraph {quote('cluster_' + role_id)} {{")
        lines.append(f"    label={quote(story.roles[role_id].title)};")
        for scene in _scenes(story, role_id):
            mod = [f"[{scene.pack}]"] if from_mod(story, scene) else []
            attrs = [f"label={quote(scene.date.isoformat(), _label(scene.title), *mod)}"]
            if mod:
                attrs.append(f'color="{MOD_COLOUR}"')
                attrs.append(f'fontcolor="{MOD_COLOUR}"')
            if scene.ending is not None:
                attrs.append("peripheries=2")
                if scene.ending.counterfactual:
                    attrs.append('style="rounded,dashed"')
            if _fixed(story, scene):
                attrs.append('style="rounded,bold,filled"')
                attrs.append('fillcolor="#fff2cc"')
            if scene.id == story.roles[role_id].start:
                attrs.append("penwidth=2")
            lines.append(f"    {quote(scene.id)} [{', '.join(attrs)}];")
        lines.append("  }")
    for scene in _scenes(story, role):
        for choice in scene.choices:
            parts = [_label(choice.label)]
            if choice.condition is not None:
                parts.append(f"[{_label(choice.condition.source, 30)}]")
            lines.append(f"  {quote(scene.id)} -> {quote(choice.goto)} [label={quote(*parts)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(story: Story, role: str | None = None) -> str:
    ids = {scene_id: f"n{i}" for i, scene_id in enumerate(story.scenes)}

    def text(value: str) -> str:
        return value.replace('"', "#quot;")

    lines = ["---", f"title: {text(graph_name(story))}", "---", "flowchart LR"]
    for role_id in [role] if role else list(story.roles):
        lines.append(f'  subgraph {role_id}["{text(story.roles[role_id].title)}"]')
        for scene in _scenes(story, role_id):
            mod = f"<br/>[{scene.pack}]" if from_mod(story, scene) else ""
            label = text(f"{scene.date.isoformat()}<br/>{_label(scene.title)}{mod}")
            if scene.ending is not None:
                node = f'{ids[scene.id]}((("{label}")))'
            elif _fixed(story, scene):
                node = f'{ids[scene.id]}[["{label}"]]'
            else:
                node = f'{ids[scene.id]}["{label}"]'
            lines.append(f"    {node}")
        lines.append("  end")
    for scene in _scenes(story, role):
        for choice in scene.choices:
            label = _label(choice.label)
            if choice.condition is not None:
                label += f" [{_label(choice.condition.source, 30)}]"
            lines.append(f'  {ids[scene.id]} -->|"{text(label)}"| {ids[choice.goto]}')
    for scene in _scenes(story, role):
        if scene.ending is not None and scene.ending.counterfactual:
            lines.append(f"  style {ids[scene.id]} stroke-dasharray: 5 5")
        elif _fixed(story, scene):
            lines.append(f"  style {ids[scene.id]} fill:#fff2cc,stroke-width:2px")
    mod_nodes = [ids[scene.id] for scene in _scenes(story, role) if from_mod(story, scene)]
    if mod_nodes:
        lines.append(f"  classDef mod stroke:{MOD_COLOUR},color:{MOD_COLOUR}")
        lines.append(f"  class {','.join(mod_nodes)} mod")
    return "\n".join(lines) + "\n"
