"""The `thriving` command: Django's management commands, with app-grouped spellings.

`thriving places import-postcodes FILE` runs the management command `places_import_postcodes`;
`thriving worker` runs the background task worker; anything else is passed to Django as it is.
"""

import os
import sys

ALIASES = {"worker": ["db_worker"], "serve": ["runserver"]}


def translate(argv: list[str]) -> list[str]:
    """Turn `thriving APP VERB ...` into Django's `APP_VERB ...` where such a command exists."""
    from django.core.management import get_commands

    args = argv[1:]
    if not args:
        return argv
    if args[0] in ALIASES:
        return [argv[0], *ALIASES[args[0]], *args[1:]]
    if len(args) >= 2:
        candidate = f"{args[0]}_{args[1].replace('-', '_')}"
        if candidate in get_commands():
            return [argv[0], candidate, *args[2:]]
    return argv


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    execute_from_command_line(translate(sys.argv))


if __name__ == "__main__":
    main()
