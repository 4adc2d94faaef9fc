"""Whether a content text exists in the reader's language, or is shown in English."""

from django.conf import settings
from django.utils.translation import get_language


def is_untranslated(record, field):
    """True when the reader's language is not English and this text has no translation into it."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language == settings.LANGUAGE_CODE or not getattr(record, f"{field}_{settings.LANGUAGE_CODE}", ""):
        return False
    return not getattr(record, f"{field}_{language}", "")
