"""Scene packs: the data model, safe YAML reading, validation and the expression language.

This layer knows nothing of game state or screens; it turns files into a
frozen :class:`~game.story.model.Story` or a list of located problems.

The package exports nothing: callers import the module that holds what they
need (``from game.story.loader import load_story``), so importing a light
module (the model, the cache) never pulls in the YAML parser. The modules:

- ``model``: the frozen records of a loaded story; ``errors``: ``Loc``, ``Problem``, ``PackError``.
- ``loader``: the entry points, ``load_story`` and ``load_with_problems``.
- ``packfiles``: which files a pack holds, read within the limits; ``yamlnodes``: YAML into located nodes.
- ``schema``: the shape of every file (and the JSON Schema), giving ``Entry`` records.
- ``reading``: one pack folder into raw records (``records``); ``merging``: mods stacked on their base;
  ``building``: the Story from merged records, every reference cross-checked; ``report``, ``suggestions``:
  the problems of a load and its "did you mean" budget; ``limits``: the limits of a pack;
  ``gcpause``: the garbage collector paused while loading.
- ``expressions``: the condition and effect language; ``placeholders``: ``{name}`` in texts;
  ``links``: which links a text may hold; ``characters``: characters that make text show other than written.
- ``dates``: dates as readers say them; ``markdown``: scene Markdown as plain text and HTML.
- ``cache``: the play cache; ``storydata``: a Story as plain JSON data and back; ``locate``: the base pack.
"""
