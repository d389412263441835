from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Programme and networks")

    def ready(self) -> None:
        from pim.page_cache import connect_signals

        connect_signals()
