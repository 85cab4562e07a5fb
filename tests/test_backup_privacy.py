"""Backups hold password hashes: only their owner may read them, and the portable one keeps
no sessions, login attempts or admin log."""

import json
import os
import stat

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.parametrize("portable", [False, True], ids=["native", "portable"])
@pytest.mark.django_db(transaction=True)
def test_backups_are_readable_by_their_owner_only(tmp_path, monkeypatch, umask_022, portable):
    monkeypatch.chdir(tmp_path)
    call_command("backup", portable=portable, verbosity=0)
    (written,) = (tmp_path / "backups").iterdir()
    assert mode(tmp_path / "backups") == 0o700
    assert mode(written) == 0o600


@pytest.mark.django_db(transaction=True)
def test_an_existing_backups_folder_is_closed_too(tmp_path, monkeypatch, umask_022):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "backups").mkdir(mode=0o755)
    call_command("backup", verbosity=0)
    assert mode(tmp_path / "backups") == 0o700


@pytest.mark.django_db(transaction=True)
def test_the_portable_backup_leaves_sessions_login_attempts_and_admin_log_out(tmp_path):
    user = get_user_model().objects.create_user("alice", password="secret")
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session.create()
    AccessAttempt.objects.create(
        username="alice", ip_address="203.0.113.7", user_agent="curl", failures_since_start=3
    )
    AccessLog.objects.create(username="alice", ip_address="203.0.113.7", user_agent="curl")
    LogEntry.objects.log_actions(user.pk, [user], ADDITION)

    backup = tmp_path / "backup.json"
    call_command("backup", output=backup, portable=True, verbosity=0)
    models = {row["model"] for row in json.loads(backup.read_text())}
    assert "auth.user" in models
    assert not {m for m in models if m.split(".")[0] in {"sessions", "axes", "admin"}}
