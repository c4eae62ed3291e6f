"""The students' page in its class's language: the pages' fixed words, the script's messages, the server's replies.

A class speaks the language of its server (``spring68 --lang cs serve --classroom``) or of the teacher's
terminal (``spring68 --lang cs class``), never of whoever happens to set the process's interface
language: each :class:`StudentWords` holds its own catalogue (:func:`game.i18n.interface.translations`).
The English is marked with ``N_()`` here, so ``spring68 i18n extract --interface`` finds it, and
translated when a page or a message is made.

The script (``templates/student.js``) cannot call gettext, so its messages reach it as data: a
``<script type="application/json" id="words">`` block it reads with ``JSON.parse``. A data block is
not run, so the page's Content-Security-Policy (no inline script) allows it; the script keeps the
English as its fallback, and writes every word with ``textContent`` only.
"""

from __future__ import annotations

import json

from game.i18n.interface import ENGLISH, N_, translations

PAGE_WORDS: dict[str, str] = {
    "join_title": N_("Join the class — Spring '68"),
    "join_heading": N_("Join the class"),
    "code_label": N_("The code on the teacher's screen"),
    "join_button": N_("Join"),
    "page_title": N_("Class vote — Spring '68"),
    # Translators: followed by the class's join code, e.g. "Class K7P3QX"
    "class_word": N_("Class"),
    "connecting": N_("connecting…"),
    "connecting_status": N_("Connecting to the class…"),
    "needs_script": N_("This page needs JavaScript to vote."),
}
"""The fixed words of ``join.html`` and ``student.html``, by the template's placeholder."""

SCRIPT_WORDS: dict[str, str] = {
    "ended_title": N_("The class has ended"),
    "ended": N_("This class has ended."),
    "waiting": N_("Waiting for the next vote…"),
    "received": N_("Vote received. You can change it until the vote closes."),
    "tap": N_("Vote: tap a choice."),
    "closed": N_("The vote has closed. Waiting for the result…"),
    # Translators: {label} is the choice the class voted for
    "chose": N_("The class chose: {label}"),
    "not_sent": N_("Not connected: your vote was not sent. Reconnecting…"),
    "connecting": N_("connecting…"),
    "connected": N_("connected"),
    "not_connected": N_("not connected"),
    "reconnecting": N_("reconnecting…"),
    "wrong_code": N_("Wrong code"),
    "cannot_join": N_("Cannot join"),
    "cannot_join_text": N_("This class cannot be joined."),
}
"""The messages ``student.js`` shows, by the key it looks them up with (its English fallback has the same)."""

WRONG_CODE = N_("No class has this code. Check the code on the teacher's screen and try again.")
ENDED = N_("This class has ended. Thank you for voting!")
FULL = N_("This class is full: no more devices can join.")
TOO_MANY_CONNECTIONS = N_("This class has too many connections open.")
SLOW_DOWN = N_("Too many wrong codes are being tried on this server. Wait a minute and try again.")
NO_HELLO = N_("No hello: reload the page.")
TOO_MANY_MESSAGES = N_("Too many messages: reload the page.")
MAX_REASON_BYTES = 123
"""A websocket close frame's reason is at most 123 bytes of UTF-8 (RFC 6455 §5.5)."""


class StudentWords:
    """One class's language: ``words(message)`` is the message in it (English when the catalogue lacks it)."""

    def __init__(self, lang: str | None = None) -> None:
        self._catalogue, self.lang = translations(lang or ENGLISH)

    def __call__(self, message: str) -> str:
        return self._catalogue.gettext(message)

    def page(self) -> dict[str, str]:
        """The templates' words (to be escaped into the HTML like every value), and the page's ``lang``."""
        return {"lang": self.lang, **{key: self(message) for key, message in PAGE_WORDS.items()}}

    def script_data(self) -> str:
        """The script's messages as JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&``,
        so no text of a catalogue can end the block or start markup."""
        text = json.dumps({key: self(message) for key, message in SCRIPT_WORDS.items()}, ensure_ascii=False)
        return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")

    def close_reason(self, message: str) -> bytes:
        """A message as a close frame's reason: translated, cut to 123 bytes at a whole character."""
        return self(message).encode("utf-8")[:MAX_REASON_BYTES].decode("utf-8", "ignore").encode("utf-8")
