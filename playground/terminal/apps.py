from django.apps import AppConfig


class TerminalConfig(AppConfig):
    name = "playground.terminal"
    label = "terminal"
    default_auto_field = "django.db.models.BigAutoField"
