from typing import Any

from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "thriving.community"
    verbose_name = "Community"

    # Menu items and home-page links this app adds to core's layout: (label, url name, action),
    # under one section of the menu.
    navigation_section = "Community"
    public_navigation = [
        ("Local Nets", "community:local-nets", "public"),
        ("Pledges", "community:pledges", "public"),
        ("Community ideas", "community:ideas", "public"),
        ("Ambassadors", "community:ambassadors", "public"),
    ]
    staff_navigation = [("Local Nets", "community:local-nets-manage", "community.run_local_nets")]
    _organiser_links = [
        ("Local Nets you run", "community:local-nets-manage"),
        ("Community ideas", "community:ideas-manage"),
        ("Pledge campaigns", "community:pledge-campaigns"),
    ]
    role_links = {
        "team_member": _organiser_links,
        "hub_worker": _organiser_links,
        "coach": _organiser_links,
        "enabler": [*_organiser_links, ("Ambassadors' profiles", "community:ambassador-profiles")],
        "administrator": [*_organiser_links, ("Ambassadors' profiles", "community:ambassador-profiles")],
        "ambassador": [("Your ambassador page and stories", "community:my-ambassador")],
    }

    def ready(self) -> None:
        from thriving.community import hooks, policy  # noqa: F401  policy registers the community rules

        hooks.register()  # new ideas on huddle agendas; Local Nets, ideas and pledges on team pages

    def load_demo(self, stdout: Any, verbosity: int) -> None:
        """Called by `thriving demo`: fictional Local Nets, ideas, a pledge and an ambassador."""
        from thriving.community.demo import local_nets, pledges

        local_nets.load(stdout, verbosity)
        pledges.load(stdout, verbosity)
