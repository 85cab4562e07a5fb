"""Import of ranking results from the spreadsheets data staff really have.

One service (`service`) does the whole job, for the admin, `manage.py import_results` and the
background worker alike, in these steps:

1. read the file with `spreadsheets.read_sheet`, which recognises it by its content (CSV in
   UTF-8 or Windows-1252 with `,` `;` or tab, XLSX, ODS), within limits that stop zip bombs;
2. with `parsing.parse_entries`, detect the layout from the header row (long, wide, or a
   single THE table) and validate every row, collecting every error as
   `row N: column: what is wrong`;
3. match institutions in bulk by `name_key` and country, and diff against the edition's
   existing results in a couple of queries (`plan`), deriving what a whole table gives:
   national ranks, the edition's totals, the stored results it leaves out (`totals`);
4. tell what changes, in the report the preview and the outcome share (`report`);
5. on confirm, do it all again inside one transaction, refuse if the outcome differs from the
   preview (someone changed the data in between), then write with multi-row INSERTs (COPY on
   PostgreSQL) and batched UPDATE ... FROM, together with the derived values (`writer`).

Between preview and confirm the upload waits in the shared cache (`stash`).

The library's row-by-row import is about 80x slower than bulk inserts and can commit part of a
file; this package keeps django-import-export for its admin screens and permission codes only.
"""
