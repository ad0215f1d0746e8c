from typing import Any

from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "thriving.teams"
    verbose_name = "Connected teams"

    # Menu items and home-page links this app adds to core's layout: (label, url name, action),
    # under one section of the menu.
    navigation_section = "Teams"
    public_navigation: list[tuple[str, str, str]] = []
    staff_navigation = [
        ("Teams", "teams:team-list", "teams.view_teams"),
        ("Actions", "teams:my-actions", "teams.view_teams"),
        ("Asks", "teams:asks", "teams.answer_asks"),
    ]
    # Boxes at the top of the staff home page: (action, template, function giving its context).
    home_sections = [("teams.view_teams", "teams/_home_summary.html", "thriving.teams.queries.teams.home_context")]
    role_links = {
        "team_member": [("Your connected teams", "teams:team-list"), ("Your actions", "teams:my-actions")],
        "hub_worker": [("Your connected teams", "teams:team-list")],
        "coach": [("Your connected teams", "teams:team-list")],
        "enabler": [
            ("Asks waiting for your answer", "teams:asks"),
            ("Your connected teams", "teams:team-list"),
            ("Asks across teams: where the system gets in the way", "teams:asks-report"),
        ],
        "board_member": [("Asks across teams: where the system gets in the way", "teams:asks-report")],
        "analyst": [("Asks across teams", "teams:asks-report")],
        "administrator": [("Connected teams", "teams:team-list"), ("Asks across teams", "teams:asks-report")],
    }

    def ready(self) -> None:
        from thriving.teams import policy  # noqa: F401  registers the teams' rules

    def load_demo(self, stdout: Any, verbosity: int) -> None:
        """Called by `thriving demo`: two connected teams, their huddles, actions and asks."""
        from thriving.teams.demo import asks, teams

        teams.load(stdout, verbosity)
        asks.load(stdout, verbosity)
