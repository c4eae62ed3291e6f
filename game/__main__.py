"""``python -m game`` runs the same command line as ``spring68``."""

from game.cli import main

raise SystemExit(main())
