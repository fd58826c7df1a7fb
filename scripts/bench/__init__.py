"""`make bench`: province-scale data on PostgreSQL, gunicorn as in production, pages timed (see run.py)."""
