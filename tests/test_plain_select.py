"""portal.forms.PlainSelect writes the `<select>` Django's own Select would (the same options, values,
labels, escaping, selection and attributes), only without a template per option."""

import re

from django import forms

from portal.forms import PlainSelect

CHOICES = [("", "请选择"), (1, "临沭县政协 · 城关社区"), (2, "<b>&“引号”</b>"), (30, "玉山镇 · 东街")]


def _normalised(html):
    return re.sub(r">\s+<", "><", str(html)).strip()


def _both(value, attrs=None):
    ours = PlainSelect(choices=CHOICES).render("member_group", value, attrs)
    django = forms.Select(choices=CHOICES).render("member_group", value, attrs)
    return _normalised(ours), _normalised(django)


def test_the_markup_is_djangos_whatever_is_chosen():
    for value in (None, "", 1, "2", 30, 99):
        ours, django = _both(value, {"id": "id_member_group", "required": True, "aria-invalid": "true"})
        assert ours == django


def test_labels_are_escaped_and_one_option_is_selected():
    ours, _ = _both("2")
    assert "&lt;b&gt;&amp;“引号”&lt;/b&gt;" in ours and "<b>" not in ours
    assert ours.count(" selected") == 1 and '<option value="2" selected>' in ours


def test_the_public_case_form_lists_its_groups_with_it(db):
    from consult.cases.forms import PublicCaseForm

    form = PublicCaseForm()
    assert isinstance(form.fields["member_group"].widget, PlainSelect)
    html = str(form["member_group"])
    assert html.startswith("<select") and '<option value="" selected>' in html


def test_safe_lazy_and_non_text_labels_are_written_as_django_writes_them():
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    choices = [("", gettext_lazy("全部")), (1, mark_safe("<i>已转义</i>")), (2, 42), (3, "a\"b'c")]
    for value in (None, 1, "3"):
        ours = PlainSelect(choices=choices).render("x", value, {"id": "id_x"})
        django = forms.Select(choices=choices).render("x", value, {"id": "id_x"})
        assert _normalised(ours) == _normalised(django)
