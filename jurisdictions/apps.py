from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JurisdictionsConfig(AppConfig):
    name = "jurisdictions"
    verbose_name = _("Guide content")

    def ready(self):
        from . import versioning  # noqa: F401  (connects the signal handlers)
