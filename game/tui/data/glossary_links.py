"""Finding glossary terms in scene text: the rule lives in :mod:`game.tools.glossary_terms`.

The worksheet export lists the terms a scene uses by the same rule the screens use to link
them, so the one implementation sits in the tools layer; this name stays for the screens.
"""

from game.tools.glossary_terms import GlossaryLinker, TermMatch

__all__ = ["GlossaryLinker", "TermMatch"]
