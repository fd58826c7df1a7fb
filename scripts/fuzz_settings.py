"""Settings of the throw-away server that scripts/schemathesis.sh fuzzes: the real ones, with two changes.

- Every fuzz request authenticates with HTTP Basic, so every request hashes the password: with the
  production hasher (PBKDF2, a million rounds, chosen to be slow) that is most of the run's time. A
  fast hasher here; the accounts are demo accounts in a database deleted after the run.
- django-axes: negative test cases may mangle the Authorization header, and each wrong password
  counts as a failed login (as it should); at the normal limit the two accounts would lock within
  seconds and every later request would be a 429 that tests nothing. The lockout itself is tested in
  tests/test_api_attacks.py.
"""

from portal.settings import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_FAILURE_LIMIT = 1_000_000
