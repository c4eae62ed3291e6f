"""Spring '68: a historical role-play game about the Prague Spring of 1968.

The package is layered (see docs/architecture.md): ``game.story`` loads and
validates scene packs, ``game.engine`` plays them, ``game.tools`` analyses
them, and the front ends (``game.plain``, ``game.tui``) only draw. Nothing is
imported here, so ``spring68 --help`` and ``spring68 check`` stay fast.
"""

__version__ = "0.1.0"
