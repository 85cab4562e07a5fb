"""Reads for the public pages of rankings and results, each in a fixed number of queries:
`tables` for the home page and the ranking tables, `schools` for the schools list and a
school's page."""
