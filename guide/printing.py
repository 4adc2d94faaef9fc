"""Printed and PDF guides for support workers.

What a support worker types for a client is used for one response and then
dropped: it is never written to the database, the cache, a log or a file.
"""

import fcntl
import hashlib
import io
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

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


class Busy(Exception):
    """Every PDF slot on this server is taken: the support worker is asked to try again."""


def _slot_files():
    # One set of lock files per installation, shared by every worker process on the machine.
    installation = hashlib.sha256(str(settings.BASE_DIR).encode()).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"xborder-pdf-slots-{installation}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return [folder / f"slot-{number}" for number in range(settings.PDF_CONCURRENCY)]


@contextmanager
def pdf_slot():
    """Hold one of PDF_CONCURRENCY slots while a PDF is made, so PDFs never take every
    worker a victim's page needs; raise Busy at once if none is free."""
    for path in _slot_files():
        handle = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            continue
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            os.close(handle)
        return
    raise Busy


def render_pdf(html, base_url):
    """The PDF of an HTML page: tagged PDF/UA, made in memory (hold a `pdf_slot` while it is made)."""
    from weasyprint import HTML

    buffer = io.BytesIO()
    HTML(string=html, base_url=base_url).write_pdf(buffer, pdf_variant="pdf/ua-1")
    return buffer.getvalue()


def static_base_url():
    """Where WeasyPrint finds the stylesheet: the static folder on disk, not the network."""
    return (settings.BASE_DIR / "static").as_uri() + "/"
