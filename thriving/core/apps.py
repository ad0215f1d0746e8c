from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thriving.core"
    verbose_name = "People, organisations and access"

    def ready(self) -> None:
        from thriving.core import policy, signals  # noqa: F401  registers rules and sign-in auditing
