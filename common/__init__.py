"""The shared layer: helpers every domain uses and none of them owns.

Nothing here knows schools, rankings or press releases; the domain apps import from it, never
the reverse (the layers contract in pyproject.toml checks it).
"""
