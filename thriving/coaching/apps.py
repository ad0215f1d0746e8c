from typing import Any

from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "thriving.coaching"
    verbose_name = "Coaching"

    # Menu items this app adds to core's layout: (label, url name, action), under one section.
    navigation_section = "Coaching"
    staff_navigation: list[tuple[str, str, str]] = [
        ("Your caseload", "coaching:caseload", "coaching.view_caseload"),
        ("Team caseload", "coaching:team-caseload", "coaching.view_team_caseload"),
        ("Coaching outcomes", "coaching:outcomes", "coaching.view_outcomes"),
        ("Measures", "coaching:measures", "coaching.manage_measures"),
    ]
    role_links: dict[str, list[tuple[str, str]]] = {
        "coach": [("Your caseload: who needs you next", "coaching:caseload")],
        "coach_lead": [
            ("Team caseload: every coaching your team covers", "coaching:team-caseload"),
            ("Your own caseload", "coaching:caseload"),
            ("Coaching outcomes", "coaching:outcomes"),
        ],
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
