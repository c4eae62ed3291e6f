"""Where the server's problems go: one line on the terminal, the details in a log file.

The teacher's terminal gets one short line per problem (a refused page, a
tab closed for flooding, a game that crashed), at most a few a second; the
log file gets every line and, for a fault of the server's own, the traceback,
formatted by the standard library: no local variables (textual-serve's log
printed those, with every request's cookies). Whatever a client sent is
quoted with its control characters escaped, so a message cannot move the
terminal's cursor or forge a line of the log. The log rotates at 1 MiB.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import time
from pathlib import Path

from game.serve.limits import TokenBucket

LOG_NAME = "serve.log"
LOG_BYTES = 1024 * 1024
LOG_BACKUPS = 3
TERMINAL_LINES_RATE = 2.0
TERMINAL_LINES_BURST = 20.0

log = logging.getLogger("spring68.serve")


def printable(text: object, limit: int = 120) -> str:
    """``text`` with every control character escaped and cut to ``limit`` characters: safe on a terminal."""
    value = str(text)
    if len(value) > limit:
        value = value[:limit] + "…"
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in value)


class _SafeFormatter(logging.Formatter):
    """The standard format with the message made printable (the traceback, ours, is kept as it is)."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's own name
        record.message = printable(record.message, 2000)
        return super().formatMessage(record)


class _OneLine(logging.Formatter):
    """One line, no traceback: ``spring68 serve: MESSAGE`` and where the details are."""

    def __init__(self, log_file: Path) -> None:
        super().__init__()
        self.log_file = log_file

    def format(self, record: logging.LogRecord) -> str:
        line = f"spring68 serve: {printable(record.getMessage(), 300)}"
        if record.exc_info:
            line += f" (details in {self.log_file})"
        return line


class _Throttle(logging.Filter):
    """At most a few lines a second on the terminal; the log file still gets all of them."""

    def __init__(self) -> None:
        super().__init__()
        self._bucket = TokenBucket(TERMINAL_LINES_RATE, TERMINAL_LINES_BURST)
        self.dropped = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._bucket.take():
            self.dropped += 1
            return False
        if self.dropped:
            record.msg = f"{record.getMessage()} (and {self.dropped} more problems, only in the log)"
            record.args = None
            self.dropped = 0
        return True


def setup_logging(log_file: Path, *, terminal: bool = True) -> None:
    """Send every logger's records to ``log_file`` and problems (warnings and worse) to stderr, once per line."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    file_handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    formatter = _SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    formatter.converter = time.localtime
    file_handler.setFormatter(formatter)
    file_handler.setLevel(logging.INFO)
    root.addHandler(file_handler)
    if terminal:
        screen = logging.StreamHandler(sys.stderr)
        screen.setFormatter(_OneLine(log_file))
        screen.setLevel(logging.WARNING)
        screen.addFilter(_Throttle())
        root.addHandler(screen)
    root.setLevel(logging.INFO)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)  # no line per page load, no pupils' addresses
