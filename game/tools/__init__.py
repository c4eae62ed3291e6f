"""Analyses and exports built on the story and the engine (check, explore, graph, …).

No Textual here: these run in CI, in editors and from the command line.
"""
