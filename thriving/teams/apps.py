from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "thriving.teams"
    verbose_name = "Connected teams"

    # Menu items and home-page links this app adds to core's layout: (label, url name, action).
    public_navigation: list[tuple[str, str, str]] = []
    staff_navigation: list[tuple[str, str, str]] = []
    role_links: dict[str, list[tuple[str, str]]] = {}

    def ready(self) -> None:
        from thriving.teams import policy  # noqa: F401  registers the teams' rules
