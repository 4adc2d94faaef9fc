"""Checks on facts before they can reach a victim."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

https_only = URLValidator(
    schemes=["https"],
    message="Use the full https:// address of the official page (plain http:// is not accepted).",
)

PHONE_TYPES_THAT_DIAL = {
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    phonenumbers.PhoneNumberType.TOLL_FREE,
    phonenumbers.PhoneNumberType.PREMIUM_RATE,
    phonenumbers.PhoneNumberType.SHARED_COST,
    phonenumbers.PhoneNumberType.VOIP,
    phonenumbers.PhoneNumberType.UAN,
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
}


def phone_to_e164(published, region):
    """The E.164 form of a number written as an agency publishes it, or a clear error.

    `region` is the ISO 3166-1 alpha-2 code of the country the number belongs to,
    used when the number is written in national form (e.g. 0800 017 160).
    """
    try:
        number = phonenumbers.parse(published, region.upper())
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("“%(number)s” is not a phone number. Write it as the agency publishes it, e.g. 0800 017 160 or +27 12 393 1000."),
            params={"number": published},
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(number)s” is not a valid phone number for %(region)s. Check the digits against the agency's official page."),
            params={"number": published, "region": region.upper()},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
