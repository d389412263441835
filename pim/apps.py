from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PimConfig(AppConfig):
    """The project package as an app: it owns the data version's tables and triggers."""

    name = "pim"
    verbose_name = "PIM Dashboard"

    def ready(self) -> None:
        from pim import data_version

        post_migrate.connect(data_version.install_triggers, dispatch_uid="pim-data-version-triggers")
