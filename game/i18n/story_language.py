"""The story in the player's language: each pack's catalogue laid over the loaded story.

Parsing a large ``.po`` takes a quarter of a second, more than the whole
budget for showing the first scene, so the translations are kept as JSON in
the play cache's folder, keyed by each catalogue's path, size and time of
change; a changed catalogue is read afresh. A pack without a catalogue for
the language, or a damaged one, leaves its strings in English (the player
never sees an id); the problem is returned for the caller to mention. A
stale translation (made from English the story no longer has) is not
shown either: it would say something the scene no longer says.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from game.durable import write_atomic
from game.i18n.catalogue import CatalogueError, catalogue_path, read
from game.i18n.languages import story_languages
from game.i18n.overlay import translated
from game.i18n.story_strings import story_strings
from game.story.cache import cache_dir
from game.story.model import Story

CACHE_FORMAT = 1


def story_in(story: Story, lang: str) -> tuple[Story, list[str]]:
    """``story`` in ``lang`` (English is the story as written), and any catalogue that could not be read."""
    if lang in ("", "en"):
        return story, []
    found: dict[str, list[str]] = {}
    problems: list[str] = []
    for pack in story.packs:
        path = catalogue_path(pack.path, lang)
        if not path.is_file():
            continue
        try:
            found.update(_translations(path))
        except CatalogueError as exc:
            problems.append(f"{exc} (shown in English instead)")
    if not found:
        return story, problems
    # A translation made from other English than the story's now (stale) says something else: show the English.
    english = {string.id: string.text for string in story_strings(story)}
    texts = {key: text for key, (source, text) in found.items() if english.get(key) == source}
    return translated(story, texts), problems


def languages_of(story: Story) -> list[str]:
    """The languages some pack of the story has a catalogue for (English always)."""
    return story_languages(pack.path for pack in story.packs)


def _translations(path: Path) -> dict[str, list[str]]:
    """id → [the English it was made from, the translation], from the cache when the file is unchanged."""
    info = path.stat()
    key = hashlib.sha256(f"{CACHE_FORMAT}|{path.resolve()}|{info.st_size}|{info.st_mtime_ns}".encode()).hexdigest()
    folder = cache_dir()
    cached = Path(folder) / f"po-{key[:32]}.json" if folder else None
    if cached is not None:
        try:
            data = json.loads(cached.read_text(encoding="utf-8"))
            if isinstance(data, dict) and all(
                isinstance(v, list) and len(v) == 2 and all(isinstance(t, str) for t in v) for v in data.values()
            ):
                return data
        except (OSError, ValueError):
            pass
    texts = {string_id: [entry.source, entry.text] for string_id, entry in read(path).items() if not entry.fuzzy}
    if cached is not None:
        try:
            os.makedirs(cached.parent, exist_ok=True)
            write_atomic(cached, json.dumps(texts, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written costs time, never the game
    return texts
