"""Who may change what: content editors change the guide's content and nothing else."""

EDITORS_GROUP = "Content editors"

# Models an editor may view, add and change. Jurisdictions themselves come from
# ISO 3166 and are only changed, never added or deleted, by editors.
EDITABLE_MODELS = [
    "agency",
    "contactchannel",
    "lever",
    "offence",
    "escalationstep",
    "cooperationroute",
    "instrument",
    "membership",
]


def editor_permission_codenames():
    codenames = ["view_jurisdiction", "change_jurisdiction"]
    for model in EDITABLE_MODELS:
        codenames += [f"view_{model}", f"add_{model}", f"change_{model}", f"delete_{model}"]
    return codenames


REVIEWERS_GROUP = "Content reviewers"


def reviewer_permission_codenames():
    """Reviewers do what editors do, and publish."""
    return editor_permission_codenames() + ["publish_content"]
