from typing import Any

from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "thriving.frontdoor"
    verbose_name = "Front door"

    # Menu items and home-page links this app adds to core's layout: (label, url name, action),
    # under one section of the menu.
    navigation_section = "Help requests"
    public_navigation = [("Ask for help", "frontdoor:ask-start", "public")]
    # The ways on residents' pages offer (thriving.core.resident_links): url name, postcode parameter.
    resident_links = {"ask_for_help": ("frontdoor:ask-start", None)}
    staff_navigation = [
        ("Requests", "frontdoor:queue", "frontdoor.work_queue"),
        ("Referrals", "frontdoor:referral-queue", "frontdoor.answer_referrals"),
        ("Demand", "frontdoor:demand", "frontdoor.view_demand"),
    ]
    # Boxes at the top of the staff home page: (action, template, function giving its context).
    home_sections = [
        ("frontdoor.work_queue", "frontdoor/_home_hub.html", "thriving.frontdoor.queries.home.hub_context"),
        ("frontdoor.answer_referrals", "frontdoor/_home_referrals.html",
         "thriving.frontdoor.queries.home.referrals_context"),
    ]
    role_links = {
        "hub_worker": [
            ("Requests to work on", "frontdoor:queue"),
            ("Take a request", "frontdoor:intake"),
            ("Find a person", "frontdoor:people"),
            ("The demand picture", "frontdoor:demand"),
        ],
        "organisation_staff": [
            ("Referrals to your organisation", "frontdoor:referral-queue"),
            ("Take a request for someone", "frontdoor:intake"),
        ],
        "team_member": [("Take a request for someone", "frontdoor:intake")],
        "coach": [("Take a request for someone", "frontdoor:intake")],
        "safeguarding_lead": [
            ("Requests to work on", "frontdoor:queue"),
            ("Find a person", "frontdoor:people"),
        ],
        "analyst": [("The demand picture", "frontdoor:demand")],
        "board_member": [("The demand picture", "frontdoor:demand")],
        "enabler": [("The demand picture", "frontdoor:demand")],
    }

    def ready(self) -> None:
        from thriving.frontdoor import policy  # noqa: F401  registers the front door's rules

    def load_demo(self, stdout: Any, verbosity: int) -> None:
        """Called by `thriving demo`: fictional people, requests and referrals."""
        from thriving.frontdoor import demo

        demo.load(stdout, verbosity)
