"""One game in progress, with every rule a front end needs around it: the object each front end drives.

``Story`` is frozen and ``GameState`` is plain data; what sits between them
while someone plays lives here, once, so the terminal app, plain mode, each
browser tab and live reload behave the same: the story and the state, the
undo history (the state before the last choice, that choice and its votes),
the class's votes, name and lesson (:mod:`game.engine.classroom`; a lesson
passes the scenes between its decisions by :mod:`game.engine.lesson_play`),
the slot last saved to (the unsaved-progress rule of
:mod:`game.engine.keeping`), the autosave policy, refitting after a live
reload, and the journey for exports.

The autosave *policy* is here (what must be written, and what is still owed
on the way out); *when* and *on which thread* a write runs is the front
end's business. Errors are the engine's exceptions (``RuleError``,
``SaveError``) with text for the player.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from game.engine import rules
from game.engine.classroom import ClassVotes, Decided, Source, class_name, decided_by
from game.engine.save_location import AUTOSAVE, has_last_game
from game.engine.state import GameState
from game.story.model import Choice, Scene, Story

if TYPE_CHECKING:
    from game.engine.journey import Step
    from game.engine.saves import Resumed, SaveError, SaveFolder
    from game.story.lessons import Lesson

# The save machinery (game.engine.saves, keeping) is imported by the operations that touch the disk,
# not here: plain mode shows its first scene before anything is saved, in about the time Python takes
# to import PyYAML, and those modules would cost a good part of that.

SaveNews = Literal["failed", "failed again", "works again"] | None
"""What a finished autosave changes for the player: the first failure, another one, saving back, or nothing."""


class NothingToUndo(rules.RuleError):
    """Undo at the very start of a game."""


class Move(NamedTuple):
    """A choice just made: the scene it was made in, the choice, and the class's counts if it was voted on."""

    scene: Scene
    choice: Choice
    counts: Mapping[str, int] | None
    passed: tuple[Choice, ...] = ()
    """In a lesson: the choices the lesson made after this one, passing the scenes up to the next decision."""
    decided: Decided | None = None
    """In class: how the choice was decided (the vote, a tie the teacher broke, the teacher without a vote)."""


class Unkept(NamedTuple):
    """A game that replacing would lose: the one in play, or (``document`` set) the one in the autosave."""

    state: GameState
    document: dict[str, Any] | None = None


class AutosaveJob(NamedTuple):
    """One autosave to write: the state and the blocks beside it (the class's votes)."""

    state: GameState
    extra: dict[str, Any] | None


class Playthrough:
    """A game in progress over a story and a save folder; headless, so every front end and test shares it."""

    def __init__(
        self,
        story: Story,
        saves: SaveFolder | None,
        *,
        classroom: bool = False,
        lesson: Lesson | None = None,
        class_name: str = "",
    ) -> None:
        self.story = story
        self.saves = saves
        """Where games are saved, or None when nothing is (plain mode without a save folder, or until it opens one)."""
        self.classroom = classroom
        self.lesson = lesson
        """The lesson of the game in play (its decisions only), or None for the whole story."""
        self.next_lesson = lesson
        """The lesson the next new game plays (the title menu's pick), or None for the whole story."""
        self.class_name = class_name
        """The name a class game started next is given ("" for none); the game's own is in ``votes.name``."""
        self.state: GameState | None = None
        self.previous: GameState | None = None
        """The state before the last choice (for the changes shown on the bars); None after undo or a load."""
        self.last_choice: Choice | None = None
        self.last_votes: Mapping[str, int] | None = None
        """The class's counts for the last choice, when it was voted on."""
        self.last_decided: Decided | None = None
        """In class: how the last choice was decided (None outside class, or for a scene with one way on)."""
        self.votes = ClassVotes()
        self.kept: GameState | None = None
        """The state last written to or read from a named slot: leaving it loses nothing."""
        self.saved: GameState | None = None
        """The state the autosave (or a named slot) is known to hold."""
        self.save_problem: str | None = None
        """Why the last autosave failed; None while saving works."""
        self._dirty = False
        self._unwritten: GameState | None = None
        """A state handed to an autosave job that has not landed yet."""

    # -- what is on ------------------------------------------------------------------

    @property
    def over(self) -> bool:
        return self.state is not None and rules.is_over(self.story, self.state)

    @property
    def scene(self) -> Scene | None:
        return None if self.state is None else rules.current_scene(self.story, self.state)

    @property
    def bridge(self) -> str:
        """In a lesson: what happened in the scenes passed on the way to the scene in play ("" otherwise)."""
        if self.lesson is None or self.state is None:
            return ""
        from game.engine.lesson_play import bridge

        return bridge(self.lesson, self.state)

    def journey(self) -> list[Step]:
        """The scenes so far with each choice and the state then, for transcripts and the ending."""
        from game.engine.journey import steps  # only at an ending or an export, never before the first scene

        return [] if self.state is None else steps(self.story, self.state)

    # -- starting and continuing ------------------------------------------------------

    def new(
        self, role: str, *, start: str | None = None, overrides: Mapping[str, int | bool] | None = None
    ) -> GameState:
        """Start a new game (raises RuleError); it is owed an autosave at once.

        In class it is a class game (with the class's name and today's date); in a lesson (of this role)
        it begins at the lesson's first decision.
        """
        state = rules.new_game(self.story, role, start=start, overrides=overrides)
        wanted = self.next_lesson
        lesson = wanted if wanted is not None and wanted.role == role and start is None else None
        self.lesson = lesson
        if lesson is not None:
            from game.engine.lesson_play import pass_to_decision

            state = pass_to_decision(self.story, lesson, state).state
        record = ClassVotes()
        if self.classroom:
            import time

            record = ClassVotes(
                name=class_name(self.class_name), started=time.strftime("%Y-%m-%d"), lesson=lesson.id if lesson else ""
            )
        self._take(state, kept=False, votes=record, write=True)
        return state

    def play(self, state: GameState, *, saved: bool = False) -> None:
        """Put a state in play: one the front end made (owed an autosave), or, ``saved``, one the autosave holds."""
        self._take(state, kept=False, votes=ClassVotes(), write=not saved)
        if saved:
            self.saved = state

    def read(self, slot: str = AUTOSAVE) -> Resumed:
        """The game in a slot, read and replayed but not yet in play (so the front end can ask first)."""
        return self._folder().resume(self.story, slot)

    def load(self, resumed: Resumed, slot: str) -> None:
        """Play on from a read slot: a named one counts as kept; the game becomes the autosave."""
        record = ClassVotes.from_block(resumed.document.get("classroom"))
        self.lesson = self.story.lessons.get(record.lesson) if record.lesson else None
        self._take(
            resumed.state,
            kept=True if slot != AUTOSAVE else None,
            votes=record,
            write=slot != AUTOSAVE or bool(resumed.note),
        )
        self.saved = resumed.state  # a file holds it: the slot, the autosave or its backup

    def continue_last(self) -> Resumed:
        """Continue the autosave (raises SaveError); a game continued from the backup is written back at once."""
        resumed = self.read(AUTOSAVE)
        self.load(resumed, AUTOSAVE)
        return resumed

    def is_in_play(self, state: GameState) -> bool:
        return self.state is not None and self.state == state

    def _take(self, state: GameState, *, kept: bool | None, votes: ClassVotes, write: bool) -> None:
        self.state, self.previous, self.last_choice, self.last_votes = state, None, None, None
        self.last_decided = None
        self.votes = votes.up_to(len(state.log))  # only the votes for choices still in the log
        if kept:
            self.kept = state
        elif kept is False:
            self.kept = None
        if write:
            self._dirty = True

    # -- moves -----------------------------------------------------------------------

    def choose(self, choice_id: str, counts: Mapping[str, int] | None = None, source: Source = "hands") -> Move:
        """Make a choice (by stable id); ``counts`` are the class's votes on it (typed from a show of ``hands``,
        or from the students' ``devices``). Raises RuleError.

        A vote with no hands up is no vote; either way any vote from before an undo on this step goes.
        In class, a choice among several made without a vote is recorded as the teacher's, and a vote
        whose top count is shared as a tie the teacher broke. In a lesson, the scenes up to the next
        decision are passed at once.
        """
        if self.state is None:
            raise rules.RuleError("there is no game in play")
        new = rules.choose(self.story, self.state, choice_id)
        scene = rules.current_scene(self.story, self.state)
        step = len(self.state.log)
        choice = scene.choice(choice_id)
        assert choice is not None  # rules.choose found it
        voted = dict(counts) if counts and sum(counts.values()) else None
        decided: Decided | None = None
        if voted:
            decided = decided_by(voted, choice.id)
            self.votes = self.votes.record(step, choice.id, voted, decided, source)
        elif self.classroom and len(rules.available_choices(self.story, self.state)) > 1:
            decided = "teacher"
            self.votes = self.votes.record(step, choice.id, {}, decided)
        else:
            self.votes = self.votes.up_to(step)
        passed: tuple[Choice, ...] = ()
        if self.lesson is not None:
            from game.engine.lesson_play import pass_to_decision

            went = pass_to_decision(self.story, self.lesson, new)
            new, passed = went.state, went.choices
        self.previous, self.last_choice, self.last_votes = self.state, choice, voted
        self.last_decided = decided
        self.state = new
        self._dirty = True
        return Move(scene, choice, voted, passed, decided)

    def undo(self) -> GameState:
        """Take back the last choice and its vote; raises NothingToUndo at the start, RuleError otherwise."""
        if self.state is None or not self.state.log:
            raise NothingToUndo("There is nothing to undo yet: this is where the game begins.")
        if self.lesson is not None:
            from game.engine.lesson_play import last_decision, undo_decision

            if last_decision(self.lesson, self.state) is None:
                raise NothingToUndo("There is nothing to undo yet: this is where the lesson begins.")
            state = undo_decision(self.story, self.lesson, self.state)
        else:
            state = rules.undo(self.story, self.state)
        self.state, self.previous, self.last_choice, self.last_votes = state, None, None, None
        self.last_decided = None
        self.votes = self.votes.up_to(len(state.log))
        self._dirty = True
        return state

    def refit(self, story: Story) -> str | None:
        """Go on in a changed story (live reload); returns why the game does not fit it (nothing changes then)."""
        if self.state is not None:
            fitted = rules.refit(story, self.state)
            if fitted.stopped:
                return fitted.stopped
            self.state, self.previous = fitted.state, None
        if self.last_choice is not None:  # the "You chose" echo in the new story's words (a language switch)
            scene = story.scenes.get(self.last_choice.id.rpartition(".")[0])
            self.last_choice = scene.choice(self.last_choice.id) if scene is not None else None
        self.story = story
        return None

    # -- saving ----------------------------------------------------------------------

    def extra(self) -> dict[str, Any] | None:
        """The blocks a save of the game in play carries beside it: the class's votes, when there are any."""
        block = self.votes.to_block()
        return {"classroom": block} if block is not None else None

    def save(self, name: str) -> str:
        """Save the game in play to a named slot; returns the slot's name. Raises SaveError."""
        from game.engine.saves import SaveError, slot_name
        from game.i18n.lazy import _

        if self.state is None:
            raise SaveError(_("there is no game to save yet"))
        slot = slot_name(name)
        self._folder().write(self.story, self.state, slot, extra=self.extra())
        self.kept = self.state
        return slot

    def unkept(self) -> Unkept | None:
        """The game that starting another would lose (begun, unfinished, in no named slot), or None.

        With no game in play it is the autosave's, kept as a whole document (votes and all) if kept.
        """
        if self.saves is None:
            return None
        if self.state is None and not has_last_game(str(self.saves.folder)):
            return None  # no autosave, nothing to lose (and nothing of the save machinery to import)
        from game.engine import keeping

        if self.state is not None:
            lost = keeping.would_be_lost(
                self.story, self.saves, self.state, kept=self.kept, class_game=self.votes.is_class_game
            )
            return Unkept(self.state) if lost else None
        document = keeping.unkept_autosave(self.story, self.saves)
        return None if document is None else Unkept(GameState.from_dict(document["state"]), document)

    def keep(self, unkept: Unkept) -> str:
        """Keep an unkept game as a new named save; returns the slot's name. Raises SaveError."""
        from game.engine import keeping

        folder = self._folder()
        if unkept.document is not None:
            return keeping.keep_document(folder, self.story, unkept.document)
        extra = self.extra() if self.is_in_play(unkept.state) else None
        return keeping.keep_game(folder, self.story, unkept.state, extra=extra)

    def autosave_job(self) -> AutosaveJob | None:
        """The autosave to write now, if the game changed since the last one (then it is owed until it lands)."""
        if not self._dirty or self.state is None or self.saves is None:
            return None
        self._dirty = False
        self._unwritten = self.state
        return AutosaveJob(self.state, self.extra())

    def owed_on_exit(self) -> bool:
        """True while a change is unwritten: not yet handed to a writer, or handed over and not landed."""
        return self.state is not None and self.saves is not None and (self._dirty or self._unwritten is not None)

    def store(self, job: AutosaveJob) -> None:
        """Only the write of an autosave job (safe on a worker thread); raises SaveError. Then call
        :meth:`landed` or :meth:`failed` on the front end's own thread."""
        self._folder().write(self.story, job.state, AUTOSAVE, extra=job.extra)

    def write(self, job: AutosaveJob) -> SaveNews:
        """Write an autosave job here and now and record how it went."""
        from game.engine.saves import SaveError

        try:
            self.store(job)
        except SaveError as exc:
            return self.failed(job, exc)
        return self.landed(job)

    def write_owed(self) -> SaveNews:
        """Write what is still owed, now (on the way out, perhaps with a background write cut short)."""
        if not self.owed_on_exit():
            return None
        assert self.state is not None
        self._dirty = False
        return self.write(AutosaveJob(self.state, self.extra()))

    def landed(self, job: AutosaveJob) -> SaveNews:
        """A job's write worked: the autosave holds its state; returns "works again" after a failure."""
        if self._unwritten is job.state or self._unwritten == job.state:
            self._unwritten = None
        self.saved = job.state
        if self.save_problem is not None:
            self.save_problem = None
            return "works again"
        return None

    def failed(self, job: AutosaveJob, exc: SaveError) -> SaveNews:
        """A job's write failed: the game in play is owed again; returns "failed" the first time."""
        if self._unwritten is job.state or self._unwritten == job.state:
            self._unwritten = None
        if self.state == job.state:
            self._dirty = True  # try again with the next move, or when quitting
        first = self.save_problem is None
        self.save_problem = str(exc)
        return "failed" if first else "failed again"

    def _folder(self) -> SaveFolder:
        if self.saves is None:
            from game.engine.saves import SaveError

            raise SaveError("this game has no save folder")
        return self.saves
