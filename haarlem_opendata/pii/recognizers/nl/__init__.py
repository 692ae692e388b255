"""Dutch recognizers, one small class and its entity definition per file, like Presidio's
country_specific ones. The ``*_shape`` recognizers hold no definition: they add recall for
redaction to types defined here (``pii/recall.py``)."""

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
