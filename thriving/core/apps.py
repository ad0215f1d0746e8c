from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thriving.core"
    verbose_name = "People, organisations and access"

    def ready(self) -> None:
        from thriving.core import contact, policy, signals  # noqa: F401  registers rules, sign-in auditing, checks
