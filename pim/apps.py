from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Admin labels of django-axes that its own Polish catalogue lacks (or the app's name, which
# it does not translate at all): written here so that makemessages keeps them in our
# catalogue, which Django reads before the packages' own.
AXES_LABELS = (
    _("access failure"),
    _("access failures"),
    _("access attempt"),
    _("access attempts"),
    _("access log"),
    _("access logs"),
    _("access attempt expiration"),
    _("access attempt expirations"),
)


class PimConfig(AppConfig):
    """The project package as an app: it owns the data version's tables and triggers."""

    name = "pim"
    verbose_name = "PIM Dashboard"

    def ready(self) -> None:
        from django.contrib import admin

        from pim import data_version

        post_migrate.connect(data_version.install_triggers, dispatch_uid="pim-data-version-triggers")
        # The admin site names the product, in the visitor's language.
        admin.site.site_header = _("PIM Dashboard – administration")
        admin.site.site_title = _("PIM Dashboard administration")
        admin.site.index_title = _("Data, users and imports")
        if apps.is_installed("axes"):
            apps.get_app_config("axes").verbose_name = _("Login failures and lockouts")
