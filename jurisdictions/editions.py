"""Which content a page is built from: what victims see, or a staff preview.

Decided once, where a request comes in, and handed down as one value, so nothing
further down needs to know who asked.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Edition:
    """The published content, or (with drafts) the content as it will be once every draft is published."""

    drafts: bool = False

    def of(self, model):
        return model.objects.visible(self.drafts)


PUBLISHED = Edition()
PREVIEW = Edition(drafts=True)
