"""Reading uploaded workbooks and writing the sheets that go with an import, for every import.

reader.py (file checks, header row, rows), extent.py (how far a sheet reaches, measured before
it is read), sandbox.py (the bounded child that reads), refusal.py (why a whole file is
refused), headers.py (tolerant header and value matching), workbooks.py (template drop-downs,
the error workbook). The imports themselves (members.importing, organizations.importing) say
what their sheets look like (`reader.Layout`) and what a row means.
"""
