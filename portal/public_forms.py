"""Abuse protection for forms anyone may submit without logging in (社会征集 …), working offline.

- a rate limit per client address through the cache: at most PUBLIC_FORM_LIMIT submissions in
  PUBLIC_FORM_WINDOW seconds (every POST counts, accepted or not, so guessing the challenge is bounded);
- a small arithmetic challenge ("7 + 5 = ?") whose answer travels signed (django.core.signing, salted,
  valid CHALLENGE_MAX_AGE seconds) and can be used once (its nonce is remembered in the cache);
- a honeypot field people do not see (CSS hides it) and bots fill in.
A form class adds them by deriving from `ChallengeForm`; the view calls `rate_limited(request, name)` before
binding the POST."""

import secrets

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .audit import client_ip

SALT = "portal.public_forms.challenge"
CHALLENGE_MAX_AGE = 30 * 60


def _limit():
    return getattr(settings, "PUBLIC_FORM_LIMIT", 5), getattr(settings, "PUBLIC_FORM_WINDOW", 3600)


def rate_limited(request, name):
    """Count this submission of form `name` from the client's address; True once over the limit."""
    limit, window = _limit()
    key = f"public-form:{name}:{client_ip(request) or 'unknown'}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit


def new_challenge():
    """(question, signed token) for a fresh arithmetic challenge."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"a": a + b, "n": secrets.token_hex(8)}, salt=SALT, compress=True)
    return f"{a} + {b} = ?", token


class ChallengeForm(forms.Form):
    """A form with the arithmetic challenge and the honeypot; its `clean` checks both (once per challenge)."""

    challenge = forms.CharField(widget=forms.HiddenInput, max_length=200)
    answer = forms.CharField(label=_("验证题答案"), max_length=4,
                             widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    website = forms.CharField(label=_("网站（请勿填写）"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question, token = new_challenge()
        if not self.is_bound:
            self.initial["challenge"] = token
        self.fresh_token = token

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("提交未通过校验，请刷新页面后重试。"), code="honeypot")
        token, answer = cleaned.get("challenge"), (cleaned.get("answer") or "").strip()
        if not token or not answer:
            return cleaned
        try:
            value = signing.loads(token, salt=SALT, max_age=CHALLENGE_MAX_AGE)
        except signing.SignatureExpired:
            raise forms.ValidationError(_("验证题已过期，请回答新的验证题。"), code="expired") from None
        except signing.BadSignature:
            raise forms.ValidationError(_("提交未通过校验，请刷新页面后重试。"), code="bad_challenge") from None
        if not answer.isdigit() or int(answer) != value.get("a"):
            self.add_error("answer", forms.ValidationError(_("验证题答案不正确，请重新计算。"), code="wrong"))
            return cleaned
        if not cache.add(f"public-form:challenge:{value.get('n')}", 1, timeout=CHALLENGE_MAX_AGE):
            raise forms.ValidationError(_("这道验证题已经用过，请回答新的验证题。"), code="used")
        return cleaned

    def renew_challenge(self):
        """After a refused submission, show a new question (the old answer is no use any more)."""
        data = self.data.copy()
        data["challenge"] = self.fresh_token
        data["answer"] = ""
        self.data = data
