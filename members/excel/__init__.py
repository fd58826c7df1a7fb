"""Excel (.xlsx) import and export of members: checked uploads, safe cells, one column spec for both."""
