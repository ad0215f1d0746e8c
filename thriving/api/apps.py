from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "thriving.api"
    verbose_name = "API"
