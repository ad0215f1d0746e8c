from typing import Any

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "thriving.directory"
    verbose_name = "Directory"

    # Menu items and home-page links this app adds to core's layout: (label, url name, action),
    # under one section of the menu.
    navigation_section = "Directory"
    public_navigation = [("Find help", "directory:search", "public")]
    # The ways on residents' pages offer (thriving.core.resident_links): url name, postcode parameter.
    resident_links = {"find_help": ("directory:search", "postcode")}
    staff_navigation = [
        ("Find help", "directory:search", "core.staff_home"),
        ("Your services", "directory:my-services", "directory.edit_services"),
        ("Changes to approve", "directory:change-list", "directory.review_changes"),
        ("Partners' feeds", "directory:feed-list", "directory.manage_feeds"),
    ]
    role_links = {
        "hub_worker": [("Find help in the directory", "directory:search")],
        "organisation_staff": [("Your organisation's services", "directory:my-services")],
        "directory_editor": [
            ("Changes to approve", "directory:change-list"),
            ("Problems reported", "directory:problem-list"),
            ("Partners' feeds", "directory:feed-list"),
        ],
        "administrator": [("Changes to approve", "directory:change-list")],
    }

    def ready(self) -> None:
        from thriving.directory import (
            policy,  # noqa: F401  registers the directory's rules
            search_index,
        )

        search_index.connect()

    def load_demo(self, stdout: Any, verbosity: int) -> None:
        """Called by `thriving demo`: the needs, fictional services, places and a food network."""
        from thriving.directory import demo

        demo.load(stdout, verbosity)

