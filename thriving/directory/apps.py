from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "thriving.directory"
    verbose_name = "Directory"

    def ready(self) -> None:
        from thriving.directory import policy  # noqa: F401  registers the directory's rules
