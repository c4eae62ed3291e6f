"""``spring68 class``: the student page served from the teacher's terminal game itself.

The projector is the terminal app (not a browser tab), so the student server
runs inside it, on the app's own event loop: the same routes, checks and
limits as ``spring68 serve --classroom`` (:class:`GameServer` with only the
student routes), one class, and the same channel to the game
(:class:`~game.serve.projector_link.ProjectorLink` on the class's Unix socket).
Its log goes to a file only: the terminal belongs to the game.
"""

from __future__ import annotations

from dataclasses import replace

from aiohttp import web

from game.serve.class_rooms import ClassRoom
from game.serve.options import ServeOptions
from game.serve.problems import setup_logging
from game.serve.server import GameServer, _where


class ClassServer:
    """The running student server of one terminal class."""

    def __init__(self, options: ServeOptions) -> None:
        if options.lang is None:  # the class speaks the terminal's language (spring68 --lang cs class)
            from game.i18n.interface import language

            options = replace(options, lang=language())
        self.options = options
        self.server = GameServer(options)
        self.runner: web.AppRunner | None = None
        self.room: ClassRoom | None = None

    async def start(self) -> ClassRoom:
        """Listen on the options' address and open the class; raises OSError (a port in use, say)."""
        options = self.options
        options.log_file.parent.mkdir(parents=True, exist_ok=True)
        setup_logging(options.log_file, terminal=False)
        students = self.server.students
        assert students is not None  # the options are a classroom's
        self.runner = web.AppRunner(self.server.application(students_only=True), access_log=None, shutdown_timeout=2.0)
        await self.runner.setup()
        try:
            await web.TCPSite(self.runner, options.host, options.port).start()
            self.room = await students.rooms.new(_where(options))
        except BaseException:
            await self.stop()
            raise
        return self.room

    async def stop(self) -> None:
        """End the class (every device is told) and stop listening."""
        students = self.server.students
        if students is not None:
            await students.rooms.end_all()
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None
