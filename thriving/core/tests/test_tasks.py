"""Background tasks: inline in tests and the demo, a database queue and a real worker process in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus

from thriving.cli import translate
from thriving.core.tasks import send_email

ROOT = Path(__file__).resolve().parents[3]


def test_tasks_run_inline_by_default(db):
    result = send_email.enqueue(subject="Hello", body="Inline", to=["someone@example.org"])
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert mail.outbox[0].subject == "Hello"


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection when done
def test_the_database_queue_waits_for_the_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = send_email.enqueue(subject="Queued", body="Later", to=["someone@example.org"])
    assert result.status == TaskResultStatus.READY
    assert mail.outbox == []

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert [m.subject for m in mail.outbox] == ["Queued"]


def test_the_worker_command_runs_as_its_own_process(tmp_path):
    """`thriving worker` in a separate process takes a task queued by another process."""
    outbox = tmp_path / "outbox"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thriving.settings",
        "SECRET_KEY": "worker-test-key",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "THRIVING_VAR_DIR": str(tmp_path),
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
    }
    thriving = [sys.executable, "-m", "thriving.cli"]
    run = {"env": env, "cwd": ROOT, "check": True, "capture_output": True, "timeout": 120}
    subprocess.run([*thriving, "migrate", "--noinput"], **run)
    enqueue = (
        "from thriving.core.tasks import send_email;"
        "print(send_email.enqueue(subject='From the queue', body='Hi', to=['a@example.org']).status)"
    )
    queued = subprocess.run([*thriving, "shell", "-c", enqueue], **run)
    assert "READY" in queued.stdout.decode()
    assert not outbox.exists() or not list(outbox.iterdir())

    subprocess.run([*thriving, "worker", "--batch", "--no-startup-delay", "--no-reload"], **run)

    sent = [path.read_text() for path in outbox.iterdir()]
    assert len(sent) == 1
    assert "Subject: From the queue" in sent[0]


def test_the_command_line_groups_commands_by_app(db):
    assert translate(["thriving", "worker", "--batch"]) == ["thriving", "db_worker", "--batch"]
    assert translate(["thriving", "places", "import-postcodes", "f.csv"]) == [
        "thriving", "places_import_postcodes", "f.csv"
    ]
    assert translate(["thriving", "places", "no-such-thing"]) == ["thriving", "places", "no-such-thing"]
    assert translate(["thriving", "migrate"]) == ["thriving", "migrate"]
