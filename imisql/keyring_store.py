"""Passwords in the system keyring (the optional ``keyring`` extra), as pgcli keeps them.

``stored_password(url, username)`` is consulted before prompting for a password;
``save_password`` stores one (``imisql --save-password``, or ``\\connect`` in the shell after a
prompt). Entries live under the service ``imisql <site root>`` and the user name. Without the
``keyring`` package, or without a usable backend, nothing is stored and nothing is found.
"""

from __future__ import annotations

from typing import Any

INSTALL_HINT = "pip install 'imisql[keyring]'"


class KeyringUnavailable(Exception):
    """No keyring can store the password (the package or a backend is missing)."""


def _keyring() -> Any:
    try:
        import keyring
    except ImportError:
        return None
    return keyring


def _service(url: str) -> str:
    return f"imisql {url.rstrip('/')}"


def available() -> bool:
    """Whether a password can be saved (the package is installed and a real backend is configured)."""
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        from keyring.backends import fail

        return not isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception:
        return False


def stored_password(url: str, username: str) -> str | None:
    """The saved password of ``username`` at ``url``, or None."""
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        value = keyring.get_password(_service(url), username)
    except Exception:  # a locked or broken backend: behave as if nothing were stored
        return None
    return value if isinstance(value, str) and value else None


def save_password(url: str, username: str, password: str) -> None:
    """Store the password; ``KeyringUnavailable`` (with what to install) when it cannot be."""
    keyring = _keyring()
    if keyring is None:
        raise KeyringUnavailable(f"saving passwords needs the keyring package: {INSTALL_HINT}")
    if not available():
        raise KeyringUnavailable("no system keyring is available to save the password in")
    try:
        keyring.set_password(_service(url), username, password)
    except Exception as exc:
        raise KeyringUnavailable(f"the system keyring refused the password ({type(exc).__name__})") from None
