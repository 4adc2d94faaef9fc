"""A content version number, shared through the cache by every app server.

A change to what victims see moves the version on; pages cached under an older
version are then never served again, so a published change shows on the next
request on every server that shares the cache. Drafts and pending changes are
not seen by victims and leave the version alone; a publish moves it on once.
"""

import logging
import threading
import time
from contextlib import contextmanager

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from .models import CONTENT_MODELS, Status

logger = logging.getLogger(__name__)
VERSION_KEY = "content-version"


def content_version():
    """The current version; if the cache is unreachable, a value that matches no cached page."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            version = time.time_ns()
            cache.add(VERSION_KEY, version, timeout=None)
            version = cache.get(VERSION_KEY, version)
        return version
    except Exception:  # a broken cache must never break a victim's page
        logger.warning("cache unreachable: pages are built without it", exc_info=True)
        return None


def bump_content_version():
    try:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    except Exception:
        logger.warning("cache unreachable: could not move the content version on", exc_info=True)


_publishing = threading.local()


@contextmanager
def one_change():
    """Saves inside are one change to what victims see: the version moves on once, at the end."""
    outer = getattr(_publishing, "active", False)
    _publishing.active = True
    try:
        yield
    finally:
        _publishing.active = outer
    if not outer:
        bump_content_version()


def content_changed(sender, instance=None, **kwargs):
    if getattr(_publishing, "active", False) or getattr(instance, "status", None) == Status.DRAFT:
        return
    bump_content_version()


# Only the content models themselves: each save also writes a history record, and
# listening to those too would move the version on twice for one change.
for model in CONTENT_MODELS:
    post_save.connect(content_changed, sender=model, dispatch_uid=f"content-version-save-{model._meta.label}")
    post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-version-delete-{model._meta.label}")
