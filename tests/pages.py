"""Helpers to read pages as a person sees them."""

import html
import re


def visible_text(response):
    """The text of a page without tags, with entities decoded and spaces folded."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return " ".join(html.unescape(body).split())
