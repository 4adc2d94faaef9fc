"""The platforms a victim says the abuse happens on, and the services that remove
intimate images, as the guide and the officer's letter show them.

The wizard's choices are a fixed list here, not the rows in the database: a victim
harassed on X must be able to say so even while X's pages wait for a reviewer, a
`?platform=` address must stay valid whatever is drafted or published, and the
answers can be validated without a query. What the guide then shows for a choice
comes from the published rows (`platforms_for`); a choice with nothing published
shows nothing specific.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Platform

# In the order the wizard offers them. Names of platforms are proper names.
WIZARD_CHOICES = (
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("whatsapp", "WhatsApp"),
    ("x", "X (Twitter)"),
    ("tiktok", "TikTok"),
    ("youtube", "YouTube"),
    ("snapchat", "Snapchat"),
    ("telegram", "Telegram"),
    ("discord", "Discord"),
    ("reddit", "Reddit"),
    ("email", _("Email")),
    ("phone-sms", _("Phone calls or text messages")),
    ("other", _("Another site or app")),
)
KNOWN_SLUGS = frozenset(slug for slug, _label in WIZARD_CHOICES)


def _chosen(slugs):
    """The platforms and general channels for these slugs: unknown slugs and services left out."""
    return Q(slug__in=KNOWN_SLUGS.intersection(slugs), kind__in=[Platform.Kind.PLATFORM, Platform.Kind.CHANNEL])


SERVICES = Q(kind=Platform.Kind.SERVICE)


def _rows(edition, condition):
    return list(edition.of(Platform).filter(condition).order_by("order", "name", "pk"))


def platforms_for(slugs, edition):
    """The platforms and general channels for these slugs in `edition`, in the guide's order, in one query."""
    return _rows(edition, _chosen(slugs))


def intimate_image_services(edition):
    """StopNCII.org, Take It Down and any other removal service, shown on every guide."""
    return _rows(edition, SERVICES)


def platforms_and_services(slugs, edition):
    """Both of the above in one query, for the guide."""
    rows = _rows(edition, _chosen(slugs) | SERVICES)
    return [row for row in rows if row.kind != Platform.Kind.SERVICE], [row for row in rows if row.kind == Platform.Kind.SERVICE]
