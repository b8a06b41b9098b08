"""prompt_toolkit completion over the shared engine (``imisql.engine.complete``).

The engine decides everything about a suggestion: what fits at the cursor (keywords, entities,
fields of the entity in scope, operators, values), the fuzzy match against the typed word
(``cty`` finds ``Country``), the ranking (best first) and the characters it replaces. This
adapter only converts its results to prompt_toolkit ``Completion`` objects, and completes the
shell's own meta-commands, which the engine does not know. ``build_completer`` wraps it in a
``ThreadedCompleter`` so completion runs off the UI thread and typing never waits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from prompt_toolkit.completion import CompleteEvent, Completer, Completion, ThreadedCompleter
from prompt_toolkit.document import Document

from imisql.catalog import Catalog

if TYPE_CHECKING:
    from imisql.engine.results import Completion as EngineCompletion

CatalogSource = Callable[[], Catalog]


class EngineCompleter(Completer):
    """Completions from ``imisql.engine.complete`` against the catalog ``catalog()`` returns right now."""

    def __init__(self, catalog: CatalogSource, meta_commands: Iterable[str] = ()):
        self._catalog = catalog
        self._meta_commands = tuple(meta_commands)

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
        if document.text.lstrip().startswith("\\"):
            yield from self._meta_completions(document)
            return
        from imisql.engine import complete  # deferred: the engine is not needed to show the prompt

        offset = document.cursor_position
        items = complete(document.text, offset, self._catalog())
        for item in items:  # already best first
            yield to_completion(item, offset)

    def _meta_completions(self, document: Document) -> Iterator[Completion]:
        word = document.text_before_cursor.lstrip()
        if " " in word:
            return
        for name in self._meta_commands:
            if name.startswith(word):
                yield Completion(name, start_position=-len(word))


def to_completion(item: EngineCompletion, offset: int) -> Completion:
    """An engine completion as a prompt_toolkit one; snippet tab-stop markup is dropped.

    prompt_toolkit replaces only text before the cursor, so a range reaching past the cursor is cut there.
    """
    return Completion(
        item.plain_text or item.label,
        start_position=min(item.start, offset) - offset,
        display=item.label,
        display_meta=item.detail or item.kind,
    )


def build_completer(catalog: CatalogSource, meta_commands: Iterable[str] = ()) -> ThreadedCompleter:
    """The shell's completer: engine completions computed in a background thread."""
    return ThreadedCompleter(EngineCompleter(catalog, meta_commands))
