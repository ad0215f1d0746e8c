"""Settings for the test suite: the real settings, with a throwaway key and a fast hasher."""

import os

os.environ.setdefault("SECRET_KEY", "insecure-key-for-tests-only")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("TASKS_BACKEND", "immediate")
os.environ.setdefault("SECURE_COOKIES", "false")
# Each test process's own memory, so that tests without the database can still use the cache; the
# database cache production uses by default is tested on its own (core/tests/test_public_forms.py).
os.environ.setdefault("CACHE_URL", "locmem://")
# The tests' partner feeds are served from this machine (one test turns this off to prove the guard).
os.environ.setdefault("DIRECTORY_FEEDS_ALLOW_PRIVATE", "true")
# Most tests do not load the sentence-embedding model; those marked `model` turn this on.
os.environ.setdefault("STORIES_EMBED_ON_APPROVAL", "false")

from thriving.settings import *  # noqa: E402, F403

# Argon2 is the production hasher (see settings.py); tests hash thousands of passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# Uploaded files go to a throwaway folder of this test process, never the demo's var/media.
import tempfile  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="thriving-media-"))  # noqa: F405
