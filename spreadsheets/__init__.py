"""Spreadsheets as files: reading CSV, XLSX and ODS safely, writing them, and the
django-import-export formats, widgets and admin built on that.

It knows nothing of schools, rankings or press releases: the results import (`rankings`) and
the schools and contacts imports (`schools`) read and write through it.
"""
