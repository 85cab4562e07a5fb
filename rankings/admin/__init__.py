"""The admin of the rankings app, one module per screen group; importing them registers them."""

from . import editions, jobs, results, schools  # noqa: F401
