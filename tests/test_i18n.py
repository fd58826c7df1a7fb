"""English is available: by the browser's Accept-Language or by the language menu (/i18n/setlang/)."""

from django.conf import settings


def test_home_in_english_by_accept_language(client, org):
    client.force_login(org.member_user)
    text = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in text
    assert "My home" in text and "Member information" in text and "Deadlines" in text
    assert "委员信息" not in text
    assert "张委员" in text  # data stays as entered


def test_language_menu_switches_to_english_and_back(client, org):
    client.force_login(org.staff)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    text = client.get("/").content.decode()
    assert "This committee and below" in text and "本级及下级政协" not in text

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "本级及下级政协" in client.get("/").content.decode()


def test_chinese_is_the_default(client, org):
    client.force_login(org.staff)
    text = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in text and "本级及下级政协" in text


def test_login_page_and_admin_in_english(client, org):
    assert "Log in" in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.force_login(org.staff)
    text = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "CPPCC Consultation and Duty Portal" in text and "Recent actions" in text


def _translation(entry):
    """The msgstr text of one .po entry (all msgstr[n] lines and their continuations)."""
    lines = entry.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("msgstr"))
    return "".join(line.split('"', 1)[1].rsplit('"', 1)[0] for line in lines[start:] if '"' in line)


def test_every_english_entry_is_translated():
    """The committed catalogue has no empty or fuzzy translation (run `make messages` and translate)."""
    po = (settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = [e for e in po.split("\n\n")[1:] if "msgid" in e and not e.lstrip().startswith("#~")]
    untranslated = [e for e in entries if not _translation(e) or "#, fuzzy" in e]
    assert untranslated == []
