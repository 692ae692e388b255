"""Dutch recognizers, one small class per file, modelled on Presidio's country_specific ones."""

from haarlem_opendata.pii.recognizers.nl.address import NlAddressRecognizer
from haarlem_opendata.pii.recognizers.nl.bsn import NlBsnRecognizer
from haarlem_opendata.pii.recognizers.nl.date_of_birth import NlDateOfBirthRecognizer
from haarlem_opendata.pii.recognizers.nl.email import NlEmailRecognizer
from haarlem_opendata.pii.recognizers.nl.kenteken import NlKentekenRecognizer
from haarlem_opendata.pii.recognizers.nl.person_name import NlPersonNameRecognizer
from haarlem_opendata.pii.recognizers.nl.phone import NlPhoneRecognizer
from haarlem_opendata.pii.recognizers.nl.postcode import NlPostcodeRecognizer

__all__ = [
    "NlAddressRecognizer",
    "NlBsnRecognizer",
    "NlDateOfBirthRecognizer",
    "NlEmailRecognizer",
    "NlKentekenRecognizer",
    "NlPersonNameRecognizer",
    "NlPhoneRecognizer",
    "NlPostcodeRecognizer",
]
