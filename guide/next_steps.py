""""Your next steps": the most effective sequence for a pair, one sentence each.

Preserve the evidence, report at home and get the reference number, report to the
platform, have the officer send the report police to police, and apply for the
order that fits. Each step links to the part of the page that says more.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from jurisdictions.models import Lever


@dataclass(frozen=True)
class Step:
    text: str
    detail: str  # the id of the section that says more


def next_steps(guide):
    """3 to 7 steps for the guide's pair and platforms, in the order that works best."""
    steps = [Step(_("Save the evidence now: screenshots with dates and times, links to each post, and the account's username."), "record")]
    reference = guide.home.reference_name or _("reference number")
    if guide.police:
        steps.append(Step(_("Report at %(police)s and get your %(reference)s.") % {"police": guide.police.name, "reference": reference}, "record"))
    else:
        steps.append(Step(_("Report to your local police and get your %(reference)s.") % {"reference": reference}, "record"))
    steps.append(_report_to_platforms(guide))
    steps.append(_police_to_police(guide))
    preserving = next((platform for platform in guide.platforms if platform.retention_days), None)
    if preserving is not None:
        # Data may be gone within weeks: preservation comes before the slower request for it.
        steps.insert(
            len(steps) - 1,
            Step(
                _("Ask your officer to send %(platform)s a preservation request now: it keeps data for %(days)s days.")
                % {"platform": preserving.name, "days": preserving.retention_days},
                "platforms",
            ),
        )
    order = next((lever for lever in guide.part_levers + guide.away_levers if lever.kind == Lever.Kind.PROTECTIVE_ORDER), None)
    if order is not None:
        steps.append(Step(_("Apply for the order that fits: %(order)s.") % {"order": order.title}, "away"))
    return steps


def _report_to_platforms(guide):
    named = [platform.name for platform in guide.platforms if platform.report_harassment_url]
    if named:
        return Step(
            _("Report the account on %(platforms)s with its own reporting page, and keep the ticket numbers it gives you.") % {"platforms": ", ".join(named)},
            "platforms",
        )
    return Step(_("Report the account to the platform where it happens, and keep the ticket numbers it gives you."), "away")


def _police_to_police(guide):
    if guide.away is None:
        return Step(_("Ask your investigating officer to request the account's details from the platform, police to police, using your reference number."), "away")
    interpol = next((route for route in guide.routes if route.is_interpol), None)
    if interpol is not None:
        bureau = interpol.home_agency.name if interpol.home_agency else _("your country's INTERPOL bureau")
        return Step(
            _("Ask your investigating officer to send your report to %(away)s through %(bureau)s: INTERPOL, police to police.")
            % {"away": guide.away.name_in_sentence, "bureau": bureau},
            "police-to-police",
        )
    if guide.routes:
        return Step(
            _("Ask your investigating officer to reach %(away)s through %(route)s.") % {"away": guide.away.name_in_sentence, "route": guide.routes[0].title},
            "police-to-police",
        )
    return Step(_("Ask your investigating officer how to reach %(away)s: there is no police-to-police route we know of.") % {"away": guide.away.name_in_sentence}, "police-to-police")
