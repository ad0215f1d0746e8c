from typing import Any

from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "thriving.coaching"
    verbose_name = "Coaching"

    # Menu items this app adds to core's layout: (label, url name, action), under one section.
    navigation_section = "Coaching"
    # Filled in as the pages land: ("Your caseload", "coaching:caseload", "coaching.view_caseload"), ...
    staff_navigation: list[tuple[str, str, str]] = [
        ("Coaching outcomes", "coaching:outcomes", "coaching.view_outcomes"),
    ]
    role_links: dict[str, list[tuple[str, str]]] = {
        "analyst": [
            ("Coaching outcomes", "coaching:outcomes"),
        ],
        "board_member": [
            ("Coaching outcomes", "coaching:outcomes"),
        ],
    }

    def ready(self) -> None:
        from thriving.coaching import hooks, policy  # noqa: F401  policy registers the coaching rules

        hooks.register()

    def load_demo(self, stdout: Any, verbosity: int) -> None:
        """Called by `thriving demo`: coaching for the demo families."""
        from thriving.coaching import demo

        demo.load(stdout, verbosity)
