"""The limits of one pack, in one place: each keeps the work of checking and playing a pack bounded.

Read as ``limits.NAME`` where they are enforced, so a test can lower one for a small pack.
"""

from __future__ import annotations

MAX_SCENES_PER_PACK = 20_000
"""Scenes in one pack. The campaign has 66; the speed benchmarks load a generated pack of 20,000.

What it bounds is memory: ``check`` peaks at about 8 KiB a scene (a generated 50,000-scene pack: 401 MiB,
measured by ``bench/bench_scale.py``; it was 21 KiB while every entry kept its file's YAML nodes), most of it
the Story itself (its texts, compiled conditions and places) and the validated entries it is built from.
``packfiles.MAX_PACK_BYTES`` (32 MiB, about 30,000 such scenes) refuses a larger pack anyway."""
MAX_CHOICES_PER_SCENE = 16
"""Choices of one scene, with those mods add by ``extend:``. The campaign's most is 4. The full-screen
app prepares the scene behind every choice while the player reads, so this and the text limit below
bound its work per move (at both limits together: first frame 0.1 s, ready for the next key 0.6 s)."""
MAX_LABEL = 200
"""Characters of one choice's label: what fits on a button. The campaign's longest has 89."""
MAX_SCENE_TEXT = 8_000
"""Characters of text in one scene: its title, place, text, history, choices, prompts and ending together.
The campaign's longest scene has 3,544."""
MAX_PASSAGES_PER_SCENE = 64
"""Passages in one scene's ``text:`` list: each has a condition the game tests whenever the scene is shown
(and the explorer in every state), so their number is bounded as choices are."""
MAX_PLACE_PROBLEMS = 10
"""``{...}`` mistakes reported per text; a text with thousands of them gets ten and a count."""
