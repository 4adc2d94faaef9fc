from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jurisdictions.translated import UNREVIEWED, UNTRANSLATED, is_untranslated, translation_state

register = template.Library()

NOTES = {
    UNTRANSLATED: _("Not yet translated: shown in English."),
    UNREVIEWED: _("Translation not yet reviewed."),
}


@register.inclusion_tag("guide/includes/text.html")
def content_text(record, field):
    """A content text in the reader's language, or in English with a note that it is not yet translated."""
    return {"text": getattr(record, field), "state": translation_state(record, field)}


@register.filter
def untranslated(record, field):
    return is_untranslated(record, field)


@register.simple_tag
def translation_note(state_or_record, field=None, inline=False):
    """The note a reader sees under a text shown in English or translated and not yet reviewed."""
    state = translation_state(state_or_record, field) if field else state_or_record
    if state not in NOTES:
        return ""
    element = "span" if inline else "p"
    # An inline note follows the text it is about, after a space.
    return format_html('{0}<{1} class="untranslated" lang="{2}">{3}</{1}>', " " if inline else "", element, get_language(), NOTES[state])
