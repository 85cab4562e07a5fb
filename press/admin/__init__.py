"""The admin of press releases, and the release sentences shown on each result."""

from . import releases, results  # noqa: F401
