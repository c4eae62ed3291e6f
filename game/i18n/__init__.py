"""Translations: the strings a player reads, with stable ids, in gettext catalogues.

A translation is a per-language ``.po`` file beside a pack (``i18n/<lang>.po``),
one entry per string with ``msgctxt`` = the string's stable id and ``msgid`` =
the English source. Catalogues, not a second set of YAML scenes, because
translators work in Poedit and Weblate, which read ``.po``; because a
``msgid`` that no longer matches the source *is* the staleness test (the
source changed after it was translated); and because a mod's strings go into
the mod's own catalogue without touching the base's. See docs/translating.md.
"""
