"""Whether a content text exists in the reader's language, and whether a reviewer
has approved that translation.

A text is shown in one of three ways to a reader whose language is not English:
in English with a note that it is not yet translated; translated, with a note that
the translation is not yet reviewed; or translated, with nothing to say.
A reviewer's approval covers the record's texts in one language as they were when
approved: editing a translation afterwards makes it unreviewed again.
"""

import hashlib

from django.conf import settings
from django.utils.translation import get_language

from .models import TRANSLATED_TEXTS

UNTRANSLATED = "untranslated"
UNREVIEWED = "unreviewed"


def reader_language():
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _texts(record):
    return TRANSLATED_TEXTS.get(type(record).__name__, ())


def translation_digest(record, language):
    """A fingerprint of the record's texts in `language` (and the English they translate)."""
    parts = []
    for name in _texts(record):
        parts += [getattr(record, f"{name}_{settings.LANGUAGE_CODE}", "") or "", getattr(record, f"{name}_{language}", "") or ""]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def approval_of(record, language):
    """Who approved the record's texts in `language` and when ({"by", "on", "digest"}), or {}."""
    return (record.translations_approved or {}).get(language) or {}


def is_approved(record, language):
    """Whether a reviewer approved the record's texts in `language` as they are now."""
    return approval_of(record, language).get("digest") == translation_digest(record, language)


def translation_state(record, field):
    """"" (nothing to say), UNTRANSLATED or UNREVIEWED, for this text in the reader's language."""
    language = reader_language()
    if language == settings.LANGUAGE_CODE or not getattr(record, f"{field}_{settings.LANGUAGE_CODE}", ""):
        return ""
    if not getattr(record, f"{field}_{language}", ""):
        return UNTRANSLATED
    return "" if is_approved(record, language) else UNREVIEWED


def is_untranslated(record, field):
    """True when the reader's language is not English and this text has no translation into it."""
    return translation_state(record, field) == UNTRANSLATED


def has_translation(record, language):
    return any(getattr(record, f"{name}_{language}", "") for name in _texts(record))
