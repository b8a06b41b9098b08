"""Key bindings of the shell prompt and the rule for when Enter runs the input.

Enter runs the buffer when it is a finished statement (ends with a top-level ``;``), a meta-command
(``\\...``), ``quit``/``exit``, or empty; otherwise it inserts a newline, so SQL can span lines.
Alt-Enter (Esc Enter) runs the buffer as it is. Enter with a completion highlighted accepts it.
Tab (or Ctrl-Space) completes.
Ctrl-C and Ctrl-D keep prompt_toolkit's meaning (clear the line / exit on an empty line).
"""

from __future__ import annotations

from prompt_toolkit.buffer import Buffer, CompletionState
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.enums import DEFAULT_BUFFER
from prompt_toolkit.filters import Condition, has_focus
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput

BARE_COMMANDS = frozenset({"quit", "exit", "help"})


def is_complete(text: str) -> bool:
    """Whether Enter should run ``text`` rather than start a new line."""
    stripped = text.strip()
    if not stripped or stripped.startswith("\\") or stripped.rstrip(";").lower() in BARE_COMMANDS:
        return True
    from imisql.frontend import split  # on the first Enter, not before the first prompt
    from imisql.parser import parse_each

    ranges = split(text)
    if len(ranges) < 2:
        return False
    start, end = ranges[-1]
    rest = text[start:end]
    return not rest.strip() or not parse_each(rest)  # nothing but comments after the last ';'


def shell_key_bindings() -> KeyBindings:
    """Enter / Alt-Enter handling for the multi-line prompt."""
    bindings = KeyBindings()
    editing = has_focus(DEFAULT_BUFFER)  # not while Ctrl-R searching: Enter then accepts the match

    @Condition
    def completion_selected() -> bool:
        from prompt_toolkit.application import get_app

        state = get_app().current_buffer.complete_state
        return bool(state and state.current_completion)

    @bindings.add(Keys.Enter, filter=editing & completion_selected)
    def _accept_completion(event: KeyPressEvent) -> None:
        event.current_buffer.complete_state = None

    @bindings.add(Keys.Enter, filter=editing & ~completion_selected)
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if is_complete(buffer.document.text):
            buffer.validate_and_handle()
        else:
            buffer.newline(copy_margin=False)

    @bindings.add(Keys.Escape, Keys.Enter, filter=editing)
    def _run_now(event: KeyPressEvent) -> None:
        event.current_buffer.validate_and_handle()

    @bindings.add(Keys.Tab, filter=editing)
    @bindings.add(Keys.ControlSpace, filter=editing)
    def _complete(event: KeyPressEvent) -> None:
        complete_now(event.current_buffer)

    return bindings


def complete_now(buffer: Buffer) -> None:
    """Tab: the next suggestion of the open menu, else compute suggestions now and take the first.

    Computing on the spot (the engine takes milliseconds) means Tab never falls in the gap while
    the background completer is still working on the last keystroke.
    """
    state = buffer.complete_state
    if state is not None and state.completions:
        buffer.complete_next()
        return
    if buffer.completer is None:
        return
    event = CompleteEvent(completion_requested=True)
    completions = list(buffer.completer.get_completions(buffer.document, event))
    if completions:
        buffer.complete_state = CompletionState(buffer.document, completions)
        buffer.go_to_completion(0)


class ShowNothing(Processor):
    """Hides every character typed (a password prompt that does not even show the password's length)."""

    def apply_transformation(self, transformation_input: TransformationInput) -> Transformation:
        return Transformation([])
