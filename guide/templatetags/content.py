from django import template

from jurisdictions.translated import is_untranslated

register = template.Library()


@register.inclusion_tag("guide/includes/text.html")
def content_text(record, field):
    """A content text in the reader's language, or in English with a note that it is not yet translated."""
    return {"text": getattr(record, field), "untranslated": is_untranslated(record, field)}


@register.filter
def untranslated(record, field):
    return is_untranslated(record, field)
