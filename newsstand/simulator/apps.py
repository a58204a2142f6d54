from django.apps import AppConfig


class SimulatorConfig(AppConfig):
    name = "newsstand.simulator"
    verbose_name = "Publisher simulator"
