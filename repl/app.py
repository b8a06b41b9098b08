"""The interactive shell: ``run_shell(connection, settings)`` builds the prompt and runs the session loop.

Owns the prompt (multi-line SQL with highlighting, completion in a background thread, history with
Ctrl-R and suggestions), the loop that hands each input to a meta-command or to the SQL runner,
connection switching and the background catalog refresh. Everything it shows goes through
``Console``; everything it runs is in ``meta`` and ``runner``.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from functools import cached_property
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.document import Document
from prompt_toolkit.enums import EditingMode
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.history import History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.lexers import Lexer, PygmentsLexer
from prompt_toolkit.output import Output

from imisql.config import ConfigError
from imisql.errors import ImisqlError
from imisql.format_names import TEXT_FORMATS
from imisql.http.settings import normalize_base_url

from . import meta
from .completer import build_completer
from .console import Console, describe_error
from .history import SecretSafeHistory, default_history_path
from .keys import BARE_COMMANDS, ShowNothing, shell_key_bindings
from .state import Opening, ShellState

if TYPE_CHECKING:
    from imisql.catalog import Catalog
    from imisql.catalog.refresher import CatalogRefresher
    from imisql.dbapi import Connection

# Modules the first prompt does not need (the SQL runner, the parser, the DB-API) are imported where they
# are used; after the first prompt is drawn the background catalog load opens the connection.

_MAX_PROMPT_FAILURES = 3  # consecutive prompt crashes before the shell gives up
CATALOG_WAIT = 120.0  # seconds a catalog listing waits for the background catalog load
EXIT_WAIT = 5.0  # seconds the shell, on leaving, waits for the request a catalog load has in flight
DEMO_SITE = "the demo site"  # what the demo is called while its emulator starts behind the first prompt


def run_shell(
    connection: Connection | Callable[[], Connection],
    settings: Any = None,
    *,
    input: Input | None = None,
    output: Output | None = None,
    stdout: IO[str] | None = None,
    history_path: str | None = None,
    refresh_catalog: bool = True,
) -> int:
    """Run the shell on ``connection`` until ``\\q`` or Ctrl-D; returns the exit code (0).

    ``connection`` may be a function that opens it: the shell then draws its prompt first and opens
    the connection behind it (``settings`` must then name the site's ``url``).

    ``settings`` is the command's ``imisql.config.Settings`` (or a dict, or None): its ``format``,
    ``null``, ``profile``, ``demo`` and ``config`` are used when present. ``input``/``output`` are
    prompt_toolkit's (default: the terminal); ``stdout`` receives results and messages.
    """
    shell = Shell.create(connection, settings, input=input, output=output, stdout=stdout, history_path=history_path)
    return shell.run(refresh_catalog=refresh_catalog)


def _shell_format(fmt: str) -> str:
    """The configured format, or ``table`` when it is binary (xlsx goes to files: ``\\copy``)."""
    return fmt if fmt in TEXT_FORMATS else "table"


def _setting(settings: Any, name: str, default: Any) -> Any:
    value = settings.get(name) if isinstance(settings, dict) else getattr(settings, name, None)
    return default if value is None else value


class Shell:
    """One interactive session (the ``meta.Host`` that meta-commands act on)."""

    def __init__(self, state: ShellState, console: Console, *, input: Input | None = None,
                 output: Output | None = None, history_path: str | None = None, config: str | None = None,
                 demo: bool = False):  # fmt: skip
        self.state = state
        self.console = console
        self._prompt_failures = 0
        self._prompted = False  # whether the last \\connect asked for a password
        self._input, self._output = input, output
        self._config = config
        self._demo = demo
        self._label = "demo" if demo else state.profile or _host(state.source.base_url)
        self.session: PromptSession[str] = self._build_session(_open_history(history_path))
        state.confirm = self.confirm

    @cached_property
    def refresher(self) -> CatalogRefresher:
        """The background catalog load (set up when first used: after the first prompt)."""
        from imisql.catalog.refresher import CatalogRefresher

        return CatalogRefresher(self._catalog_loaded, self._catalog_failed)

    @classmethod
    def create(
        cls, connection: Connection | Callable[[], Connection], settings: Any = None, *,
        stdout: IO[str] | None = None, **options: Any,
    ) -> Shell:  # fmt: skip
        """A shell over ``connection`` configured from the command's ``settings`` (see ``run_shell``)."""
        demo = bool(_setting(settings, "demo", False))
        source: Any = connection
        if callable(connection):
            source = Opening(connection, DEMO_SITE if demo else normalize_base_url(_setting(settings, "url", "")))
        state = ShellState(
            source,
            profile=_setting(settings, "profile", None),
            format=_shell_format(_setting(settings, "format", "table")),
            null=_setting(settings, "null", "∅"),
            vi=bool(_setting(settings, "vi", False)),
            row_limit=int(_setting(settings, "row_limit", 1000)),
        )
        config = _setting(settings, "config", None)
        console = Console(stdout or sys.stdout, color=_setting(settings, "color", "auto"))
        return cls(state, console, config=config, demo=demo, **options)

    # ------------------------------------------------------------------ the loop

    def run(self, *, refresh_catalog: bool = True) -> int:
        self.console.message(f"{self._greeting()} \\? for help, \\q to quit.")
        if refresh_catalog:
            self.session.app.after_render += self._after_first_prompt
        try:
            while self.state.running:
                text = self._read()
                if text is not None:
                    self.handle(text)
        finally:
            self._close_owned()
        return 0

    def _greeting(self) -> str:
        """The first line: the site; for the demo, whose emulator may still be starting, no address."""
        if self._demo:
            return "Demo site: an embedded iMIS emulator with demo data (\\conninfo shows its address)."
        return f"Connected to {self.state.source.base_url}."

    def _read(self) -> str | None:
        """One input; None after Ctrl-C (the line is dropped). Ctrl-D ends the session."""
        default, self.state.pending_input = self.state.pending_input, ""
        try:
            text = self.session.prompt(default=default, set_exception_handler=False)
        except KeyboardInterrupt:
            return None
        except EOFError:
            self.state.running = False
            return None
        except Exception:
            self._prompt_failures += 1
            self.console.error("internal error in the prompt (please report):\n" + traceback.format_exc())
            if self._prompt_failures >= _MAX_PROMPT_FAILURES:
                self.state.running = False
            return None
        self._prompt_failures = 0
        return text

    def handle(self, text: str) -> None:
        """Run one input: a meta-command or SQL. Ctrl-C anywhere in it returns to the prompt."""
        stripped = text.strip()
        if not stripped:
            return
        try:
            if stripped.startswith("\\") or stripped.rstrip(";").lower() in BARE_COMMANDS:
                meta.dispatch(self, stripped)
            else:
                self.state.last_query = stripped
                self.run_sql(stripped)
        except KeyboardInterrupt:
            self.console.message("cancelled")
        except ImisqlError as exc:  # the connection could not be opened
            self.console.error(describe_error(exc))
        except Exception:  # a bug: say so, keep the session
            self.console.error("internal error (please report):\n" + traceback.format_exc())

    # ------------------------------------------------------------------ meta.Host

    def run_sql(self, sql: str) -> None:
        from .runner import run_sql

        if self.refresher.running and _lists_the_catalog(sql):
            self.console.message("Loading the site's catalog...")
            self.refresher.wait(CATALOG_WAIT)  # SHOW ENTITIES and DESCRIBE answer from it, as the command does
        run_sql(self.state, self.console, sql)

    def reconnect(self, target: str) -> None:
        from .connecting import open_target, parse_target

        parsed = parse_target(target, self._config)
        self._prompted = False
        try:
            opened = open_target(parsed, self._ask_password)
        except (ImisqlError, ConfigError) as exc:
            self.console.error(describe_error(exc) if isinstance(exc, ImisqlError) else f"error: {exc}")
            return
        if self._prompted:
            self._offer_keyring(opened.settings)
        self._leave()
        connection, profile = opened.connection, opened.settings.profile
        self.state.connection, self.state.profile = connection, profile
        self.state.owned_connections.append(opened)
        self._label = parsed.label if parsed.label == "demo" else profile or _host(connection.base_url)
        self.console.message(f"Connected to {connection.base_url}.")
        self._refresh_in_background(connection)

    def set_vi(self, on: bool) -> None:
        self.session.editing_mode = EditingMode.VI if on else EditingMode.EMACS

    def confirm(self, question: str) -> bool:
        """Ask a yes/no question at a prompt of its own; anything but y/yes (or Ctrl-C, Ctrl-D) is no."""
        asker: PromptSession[str] = PromptSession(input=self._input, output=self._output)
        try:
            answer = asker.prompt(question)
        except (EOFError, KeyboardInterrupt):
            return False
        return answer.strip().lower() in ("y", "yes")

    def refresh_catalog(self) -> None:
        try:
            catalog = self.state.connection.refresh_catalog()
        except ImisqlError as exc:
            self.console.error(describe_error(exc))
            return
        self.state.catalog_status = "live"
        self.console.message(f"Catalog refreshed: {len(catalog.entities())} entities.")

    # ------------------------------------------------------------------ helpers

    def _leave(self) -> None:
        """Close the connection being switched away from (one ``\\connect`` opened keeps its token). The
        command's own connection, if it is still being opened (or could not be), is the command's to close."""
        source = self.state.source
        connection = source.opened if isinstance(source, Opening) else source
        if connection is None:
            return
        owned = self.state.owned_connections
        opened = next((o for o in owned if o.connection is connection), None)
        if opened is None:
            connection.close()  # the command's own: it keeps the token when the shell returns
            return
        owned.remove(opened)
        opened.close()

    def _close_owned(self) -> None:
        """Close the connections ``\\connect`` opened (each keeps its token), then let a catalog load on
        one finish the request it has in flight: a closed connection sends no more, so nothing reaches
        the site (a sign-in, say) after the shell has returned."""
        owned = self.state.owned_connections
        for opened in owned:
            opened.close()
        if owned:
            self.refresher.wait(EXIT_WAIT)

    def _after_first_prompt(self, _: object) -> None:
        """Once the first prompt is on screen: open the connection (if it is still to be opened) and load
        the site's catalog, in the background."""
        self.session.app.after_render -= self._after_first_prompt
        self.state.catalog_status = "built-in (live refresh running)"
        state = self.state
        self.refresher.refresh(lambda: [state.connection.refresh_catalog()])

    def _refresh_in_background(self, connection: Connection) -> None:
        self.state.catalog_status = "built-in (live refresh running)"
        self.refresher.refresh(lambda: [connection.refresh_catalog()])

    def _catalog_loaded(self, catalog: Catalog) -> None:
        self.state.catalog_status = "live"

    def _catalog_failed(self, exc: Exception) -> None:
        self.state.catalog_status = f"built-in (live refresh failed: {exc})"

    def _ask_password(self, message: str) -> str:
        """A password prompt that echoes nothing at all, not even one ``*`` per character (its length)."""
        asker: PromptSession[str] = PromptSession(input=self._input, output=self._output)
        try:
            password = asker.prompt(message, input_processors=[ShowNothing()])
        except EOFError:
            raise ConfigError("no password entered") from None
        self._prompted = True
        return password

    def _offer_keyring(self, settings: Any) -> None:
        """After a typed password worked: offer to keep it in the system keyring (when there is one)."""
        from imisql import keyring_store

        if not keyring_store.available() or not settings.username or not settings.password:
            return
        if self.confirm("Save the password in the system keyring? [y/N] "):
            try:
                keyring_store.save_password(settings.url, settings.username, settings.password)
            except keyring_store.KeyringUnavailable as exc:
                self.console.error(f"error: {exc}")
                return
            self.console.message("Password saved in the system keyring.")

    def _catalog(self) -> Catalog:
        """The catalog completion uses: the built-in one while the connection is still being opened."""
        source = self.state.source
        if isinstance(source, Opening) and source.opened is None:
            from imisql.catalog import BUILTIN

            return BUILTIN
        return self.state.connection.catalog

    def _prompt_message(self) -> str:
        return f"{self._label}> "

    def _continuation(self, width: int, line_number: int, wrap_count: int) -> str:
        return "-> ".rjust(width)

    def _build_session(self, history: History) -> PromptSession[str]:
        return PromptSession(
            self._prompt_message,
            multiline=True,
            prompt_continuation=self._continuation,
            lexer=_Highlighter(),
            completer=build_completer(self._catalog, meta.NAMES),
            complete_while_typing=True,
            history=history,
            auto_suggest=AutoSuggestFromHistory(),
            key_bindings=shell_key_bindings(),
            enable_open_in_editor=True,
            vi_mode=self.state.vi,
            search_ignore_case=True,
            input=self._input,
            output=self._output,
        )


class _Highlighter(Lexer):
    """The imisql Pygments lexer, set up when there is first something to colour (not for the empty
    first prompt: Pygments is imported then)."""

    def __init__(self) -> None:
        self._lexer: Lexer | None = None

    def lex_document(self, document: Document) -> Callable[[int], StyleAndTextTuples]:
        if self._lexer is None:
            if not document.text:
                return lambda line: []
            from imisql.highlight import ImisqlLexer

            self._lexer = PygmentsLexer(ImisqlLexer)
        return self._lexer.lex_document(document)


def _open_history(path: str | None) -> History:
    """The persistent, secret-filtering history; in memory only when the state directory is unusable."""
    try:
        return SecretSafeHistory(path or default_history_path())
    except OSError:
        return InMemoryHistory()


def _lists_the_catalog(sql: str) -> bool:
    from imisql import ast
    from imisql.parser import parse_each

    return any(isinstance(piece.statement, ast.ShowEntities | ast.Describe) for piece in parse_each(sql))


def _host(base_url: str) -> str:
    return urlsplit(base_url).hostname or "imisql"
