from typing import Any

from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "thriving.budgets"
    verbose_name = "Local budgets"

    # Menu items this app adds to core's layout: (label, url name, action), under one section.
    navigation_section = "Budgets"
    staff_navigation: list[tuple[str, str, str]] = [
        ("Budgets", "budgets:pots", "budgets.view_pots"),
    ]
    role_links: dict[str, list[tuple[str, str]]] = {
        "team_member": [("Local budgets: your team's pots", "budgets:pots")],
        "enabler": [("Local budgets: the pots you look after", "budgets:pots"),
                    ("Local budgets: decisions waiting for your sign-off", "budgets:signoffs")],
    }

    def ready(self) -> None:
        from thriving.budgets import hooks, policy  # noqa: F401  policy registers the budgets rules

        hooks.register()

    def load_demo(self, stdout: Any, verbosity: int) -> None:
        """Called by `thriving demo`: pots, applications and awards for the demo teams."""
        from thriving.budgets import demo

        demo.load(stdout, verbosity)
