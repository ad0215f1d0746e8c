"""The ways on that residents' pages offer (find help, ask for help), declared by the apps that
provide them so that core links to them without importing those apps.

An app's AppConfig sets `resident_links = {name: (url name, query parameter for a postcode or None)}`;
`links(postcode)` gives each name its address, with the postcode where the app takes one. A name
no installed app provides is simply absent, and the page leaves its link out.
"""

from urllib.parse import urlencode

from django.apps import apps
from django.urls import reverse


def links(postcode: str = "") -> dict[str, str]:
    found = {}
    for config in apps.get_app_configs():
        for name, (url_name, parameter) in getattr(config, "resident_links", {}).items():
            href = reverse(url_name)
            if postcode and parameter:
                href = f"{href}?{urlencode({parameter: postcode})}"
            found[name] = href
    return found
