"""Generate large, valid packs for the benchmarks (shapes like the real campaign)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

PER_FILE = 100


def generate_pack(root: Path, scenes: int) -> Path:
    """Write a pack of ``scenes`` scenes in a chain with branches; returns the pack folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pack.yaml").write_text(
        "id: generated\ntitle: Generated\nroles:\n  advisor: {title: Adviser, start: s0}\n"
        "variables:\n  reform: {label: Reform, initial: 3}\n  trust: {label: Trust, initial: 5}\n"
        "  signed: {label: Signed, type: flag}\nfixed_points: [ev0]\n",
        encoding="utf-8",
    )
    (root / "sources.yaml").write_text(
        "- {id: williams1997, kind: book, title: A book, year: 1997}\n", encoding="utf-8"
    )
    (root / "timeline.yaml").write_text(
        "- {id: ev0, date: {start: 1900-01-01, end: 2100-01-01}, title: Always, summary: A long event.}\n",
        encoding="utf-8",
    )
    folder = root / "advisor"
    folder.mkdir(exist_ok=True)
    start = dt.date(1968, 1, 1)
    for first in range(0, scenes, PER_FILE):
        parts = []
        for i in range(first, min(first + PER_FILE, scenes)):
            day = start + dt.timedelta(days=i // 50)
            if i == scenes - 1:
                parts.append(_ending(i, day))
            else:
                parts.append(_scene(i, day, scenes))
        (folder / f"part_{first // PER_FILE:05d}.yaml").write_text("".join(parts), encoding="utf-8")
    return root


def _scene(i: int, day: dt.date, total: int) -> str:
    nxt, skip = i + 1, min(i + 2, total - 1)
    return f"""- id: s{i}
  title: Scene {i}
  date: {day.isoformat()}
  place: Prague, the Presidium's meeting room
  anchor: ev0
  text: |
    The letter from Warsaw runs to some three thousand words, and you have read
    it three times since breakfast. Reform stands at {{reform}}, trust at {{trust}}.

    Dubček has taken off his jacket. He asks each of you the same question.
  choices:
    - id: rebut
      label: Answer point by point, and let the country read the answer
      do: {{reform: +1, trust: +2}}
      goto: s{nxt}
      record: This is close to what the Presidium did.
    - id: gesture
      label: Offer Moscow a gesture
      if: trust >= 4 and not visited("s{skip}")
      do: {{reform: -1, trust: -2}}
      set: {{signed: true}}
      goto: s{skip}
      record: Some argued for concessions; the leadership put them off.
  history:
    text: >
      The five parties met in Warsaw without the Czechoslovaks and sent a joint
      letter; the Presidium answered that the reforms strengthened socialism.
    sources: [williams1997]
  discuss:
    - Was answering in public brave, or did it close a door?
"""


def _ending(i: int, day: dt.date) -> str:
    return f"""- id: s{i}
  title: The end
  date: {day.isoformat()}
  place: Prague
  anchor: ev0
  text: It is over.
  history: {{text: It ended., sources: [williams1997]}}
  ending: {{title: The End, epilogue: You go home.}}
"""
