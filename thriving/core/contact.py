"""The service's contact address as residents may be shown it: SERVICE_CONTACT_EMAIL when it is
a real address, never a placeholder (an address at a domain kept for examples, such as the
default thriving@example.org, which delivers nowhere)."""

from django.conf import settings
from django.core import checks

# Domains reserved for examples and testing (RFC 2606, RFC 6761): no mail sent there arrives.
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net")
PLACEHOLDER_ENDINGS = (".example", ".test", ".invalid", ".localhost", ".local")


def is_placeholder(address: str) -> bool:
    domain = address.rpartition("@")[2].strip().lower().rstrip(".")
    if "@" not in address or not domain:
        return True
    return domain in PLACEHOLDER_DOMAINS or domain.endswith(
        tuple(f".{d}" for d in PLACEHOLDER_DOMAINS) + PLACEHOLDER_ENDINGS) or domain == "localhost"


def public_contact_email() -> str:
    """The real contact address to show, or '' when none is set (pages then leave it out)."""
    address = (settings.SERVICE_CONTACT_EMAIL or "").strip()
    return "" if is_placeholder(address) else address


@checks.register(checks.Tags.compatibility, deploy=True)
def check_contact_email(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """`thriving check --deploy`: residents are told to email SERVICE_CONTACT_EMAIL; warn when it is
    a placeholder that delivers nowhere."""
    if public_contact_email():
        return []
    return [checks.Warning(
        f"SERVICE_CONTACT_EMAIL is {settings.SERVICE_CONTACT_EMAIL!r}, a placeholder: residents would be "
        "told to email an address that delivers nowhere, and service pages leave it out.",
        hint="Set SERVICE_CONTACT_EMAIL to the hub's real address.", id="thriving.W001")]
