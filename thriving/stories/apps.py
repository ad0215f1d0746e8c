from typing import Any

from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "thriving.stories"
    verbose_name = "Stories"

    # Menu items this app adds to core's layout: (label, url name, action), in community's section.
    navigation_section = "Community"
    staff_navigation: list[tuple[str, str, str]] = [
        ("Stories", "stories:projects", "stories.view_projects"),
        ("Community priorities", "stories:priorities", "stories.view_priorities"),
        ("Most Significant Change", "stories:rounds", "stories.view_rounds"),
    ]
    role_links: dict[str, list[tuple[str, str]]] = {
        "team_member": [("Stories: your team's story projects", "stories:projects"),
                        ("Emerging community priorities", "stories:priorities")],
        "enabler": [("Emerging community priorities", "stories:priorities"),
                    ("Most Significant Change rounds", "stories:rounds")],
        "organisation_staff": [("Stories shared with partners", "stories:shared")],
        "board_member": [("Emerging community priorities", "stories:priorities"),
                         ("Most Significant Change: the board's rounds", "stories:rounds")],
    }

    def ready(self) -> None:
        from thriving.stories import hooks, policy  # noqa: F401  policy registers the stories rules

        hooks.register()

    def load_demo(self, stdout: Any, verbosity: int) -> None:
        """Called by `thriving demo`: a story project for a demo locality, with its stories."""
        from thriving.stories import demo

        demo.load(stdout, verbosity)
