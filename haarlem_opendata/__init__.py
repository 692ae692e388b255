"""haarlem-opendata: publish Gemeente Haarlem's data as open data without publishing its
residents."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("haarlem-opendata")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
