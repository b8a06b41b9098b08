"""POST /token and bearer-token checks, over a real socket."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

import pytest

from imisql.emulator import Emulator
from tests.conftest import MakeEmulator
from tests.emulator.support import TIMEOUT, Client


def _post_token(client: Client, path: str = "/token", **form: str) -> tuple[int, dict[str, str]]:
    response = client.http.post(client.base + path, data=form, timeout=TIMEOUT)
    assert response.headers["Content-Type"].startswith("application/json")
    return response.status_code, response.json()


def test_token_response_shape(anonymous: Client) -> None:
    status, body = _post_token(anonymous, grant_type="password", username="demo", password="demo-password")
    assert status == 200
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 1199
    assert body["userName"] == "demo"
    assert len(body["access_token"]) >= 32
    issued, expires = parsedate_to_datetime(body[".issued"]), parsedate_to_datetime(body[".expires"])
    assert (expires - issued).total_seconds() == pytest.approx(1199, abs=1)


@pytest.mark.parametrize("path", ["/token", "/Token", "/TOKEN", "/token/"])
def test_token_path_is_case_insensitive(anonymous: Client, path: str) -> None:
    status, _ = _post_token(anonymous, path, grant_type="password", username="demo", password="demo-password")
    assert status == 200


@pytest.mark.parametrize(
    "form",
    [
        {"Grant_type": "password", "Username": "demo", "Password": "demo-password"},
        {"GRANT_TYPE": "password", "USERNAME": "demo", "PASSWORD": "demo-password"},
        {"grant_type": "password", "username": "DEMO", "password": "demo-password"},
    ],
    ids=["capitalised-keys", "upper-keys", "user-name-case"],
)
def test_form_keys_and_user_name_are_case_insensitive(anonymous: Client, form: dict[str, str]) -> None:
    status, _ = _post_token(anonymous, **form)
    assert status == 200


@pytest.mark.parametrize(
    ("username", "password"),
    [("demo", "wrong"), ("demo", "DEMO-PASSWORD"), ("nobody", "demo-password"), ("", "")],
    ids=["bad-password", "password-case", "unknown-user", "empty"],
)
def test_bad_credentials_are_invalid_grant(anonymous: Client, username: str, password: str) -> None:
    status, body = _post_token(anonymous, grant_type="password", username=username, password=password)
    assert status == 400
    assert body == {"error": "invalid_grant", "error_description": "The user name or password is incorrect."}


@pytest.mark.parametrize(
    "form",
    [
        {"grant_type": "client_credentials", "client_id": "y", "client_secret": "z"},
        {"username": "demo", "password": "demo-password"},
    ],
    ids=["client_credentials", "missing"],
)
def test_other_grants_are_unsupported(anonymous: Client, form: dict[str, str]) -> None:
    status, body = _post_token(anonymous, **form)
    assert status == 400
    assert body["error"] == "unsupported_grant_type"


def test_token_only_accepts_post(anonymous: Client) -> None:
    response = anonymous.get("/token")
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert "Message" in response.json()


@pytest.mark.parametrize(
    "header",
    [None, "Bearer not-a-token", "Basic ZGVtbzpkZW1vLXBhc3N3b3Jk", "Bearer", "bearer "],
    ids=["missing", "unknown-token", "basic", "no-token", "blank-token"],
)
def test_api_without_a_valid_token_is_401_json(anonymous: Client, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    response = anonymous.get("/api/Party", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"Message": "Authorization has been denied for this request."}


def test_unknown_api_path_without_token_is_still_401(anonymous: Client) -> None:
    assert anonymous.get("/api/NoSuchThing").status_code == 401


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_bearer_scheme_is_case_insensitive(anonymous: Client, scheme: str) -> None:
    token = anonymous.token()
    response = anonymous.get("/api/Country/US", headers={"Authorization": f"{scheme} {token}"})
    assert response.status_code == 200


def test_token_expires_after_its_lifetime(make_emulator: MakeEmulator) -> None:
    now = [1000.0]
    emu = make_emulator(token_lifetime=60, clock=lambda: now[0])
    client = Client(emu)
    token = client.token()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/Country/US", headers=headers).status_code == 200
    now[0] += 59.0
    assert client.get("/api/Country/US", headers=headers).status_code == 200
    now[0] += 1.0
    assert client.get("/api/Country/US", headers=headers).status_code == 401
    assert client.get("/api/Country/US", headers={"Authorization": f"Bearer {client.token()}"}).status_code == 200


def test_configured_lifetime_is_reported(make_emulator: MakeEmulator) -> None:
    emu = make_emulator(token_lifetime=300)
    status, body = _post_token(Client(emu), grant_type="password", username="demo", password="demo-password")
    assert status == 200 and body["expires_in"] == 300


def test_custom_credentials(make_emulator: MakeEmulator) -> None:
    emu = make_emulator(username="manager", password="s3cret")
    client = Client(emu)
    assert _post_token(client, grant_type="password", username="demo", password="demo-password")[0] == 400
    assert client.login("manager", "s3cret").get("/api/Country/US").status_code == 200


def test_verification_token_header(make_emulator: MakeEmulator) -> None:
    emu = make_emulator(verification_token="vt-123")
    client = Client(emu)
    assert client.get("/api/Country/US", headers={"RequestVerificationToken": "vt-123"}).status_code == 200
    assert client.get("/api/Country/US", headers={"RequestVerificationToken": "other"}).status_code == 401


def test_verification_token_is_off_by_default(anonymous: Client) -> None:
    assert anonymous.get("/api/Country/US", headers={"RequestVerificationToken": ""}).status_code == 401


@pytest.mark.parametrize(("path", "status"), [("/api/User", 403), ("/api/Invoice", 403), ("/api/Party", 200)])
def test_guest_account_is_forbidden_on_restricted_entities(emulator: Emulator, path: str, status: int) -> None:
    guest = Client(emulator).login(emulator.config.guest_username, emulator.config.guest_password)
    response = guest.get(path, params={"limit": "1"})
    assert response.status_code == status
    if status == 403:
        assert "not authorized" in response.json()["Message"]
