"""Printed and PDF guides for support workers.

What a support worker types for a client is used for one response and then
dropped: it is never written to the database, the cache, a log or a file.
"""

import io

import segno
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

PAPER_SIZES = {"a4": "A4", "letter": "letter"}


class ClientDetailsForm(forms.Form):
    """Details to fill into a client's guide. All optional: left empty, the PDF has lines to write on."""

    client_name = forms.CharField(label=_("Client's first name or initials"), max_length=40, required=False)
    reference_number = forms.CharField(label=_("Police reference number"), max_length=60, required=False)
    station = forms.CharField(label=_("Police station"), max_length=100, required=False)
    officer = forms.CharField(label=_("Investigating officer"), max_length=100, required=False)
    date_reported = forms.DateField(
        label=_("Date reported"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    paper = forms.ChoiceField(
        label=_("Paper size"), choices=[("a4", "A4"), ("letter", "US Letter")], required=False, initial="a4"
    )


def paper_size(value):
    return PAPER_SIZES.get(value, "A4")


def qr_code_data_uri(url):
    """A QR code of the live guide's address, as an SVG data URI for the first page."""
    return segno.make(url, error="m").svg_data_uri(scale=3, border=1, dark="#000", light="#fff")


def render_pdf(html, base_url):
    """The PDF of an HTML page: tagged PDF/UA, made in memory."""
    from weasyprint import HTML

    buffer = io.BytesIO()
    HTML(string=html, base_url=base_url).write_pdf(buffer, pdf_variant="pdf/ua-1")
    return buffer.getvalue()


def static_base_url():
    """Where WeasyPrint finds the stylesheet: the static folder on disk, not the network."""
    return (settings.BASE_DIR / "static").as_uri() + "/"
