from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "thriving.community"
    verbose_name = "Community"

    # Menu items and home-page links this app adds to core's layout: (label, url name, action).
    public_navigation: list[tuple[str, str, str]] = []
    staff_navigation: list[tuple[str, str, str]] = []
    role_links: dict[str, list[tuple[str, str]]] = {}

    def ready(self) -> None:
        from thriving.community import (
            policy,  # noqa: F401  registers the community rules
            team_hooks,
            team_hooks_pledges,
        )

        team_hooks.register()  # new ideas on huddle agendas; Local Nets and ideas on team pages
        team_hooks_pledges.register()  # pledges on team pages
