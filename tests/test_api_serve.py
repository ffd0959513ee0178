"""`ansvar serve`: the options reach the app and uvicorn (uvicorn itself is not started)."""

from __future__ import annotations

import uvicorn
from api_support import build_workspace
from typer.testing import CliRunner

from api.cli import app


def test_serve_passes_its_options(tmp_path, monkeypatch):
    build_workspace(tmp_path / "w.db")
    (tmp_path / "token").write_text("s3cret\n")
    for name in ("ANSVAR_TOKEN", "ANSVAR_TOKEN_FILE", "ANSVAR_CORS_ORIGINS"):
        monkeypatch.delenv(name, raising=False)
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda web, **options: seen.update(app=web, **options))
    result = CliRunner().invoke(
        app,
        [
            "serve",
            "--db",
            str(tmp_path / "w.db"),
            "--port",
            "8765",
            "--token-file",
            str(tmp_path / "token"),
            "--cors-origin",
            "https://kartan.example",
            "--cors-origin",
            "https://b.example",
        ],
    )
    assert result.exit_code == 0, result.output
    settings = seen["app"].state.settings
    assert (seen["host"], seen["port"], seen["access_log"]) == ("127.0.0.1", 8765, False)
    assert settings.store_location == str(tmp_path / "w.db") and settings.token == "s3cret"
    assert settings.cors_origins == ["https://kartan.example", "https://b.example"]
    seen["app"].state.workspaces.close()


def test_serve_without_token_or_origins_is_read_only_without_cors(tmp_path, monkeypatch):
    build_workspace(tmp_path / "w.db")
    for name in ("ANSVAR_TOKEN", "ANSVAR_TOKEN_FILE", "ANSVAR_CORS_ORIGINS"):
        monkeypatch.delenv(name, raising=False)
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda web, **options: seen.update(app=web))
    assert CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "w.db")]).exit_code == 0
    assert seen["app"].state.settings.token is None and seen["app"].state.settings.cors_origins == []
    seen["app"].state.workspaces.close()
