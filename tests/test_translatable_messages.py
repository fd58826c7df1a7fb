"""Every message a user can see is in their language: no text is built before gettext sees it.

gettext looks a message up by its exact source string, so `_(f"…{x}…")`, `_("…" + x)` or
`ProposalError(f"…")` can never be translated. Messages are written as `_("…%(name)s…") % {...}` (or, for
stored notification / obligation titles, `Message(gettext_noop("…%(name)s…"), name=...)`). This test
reads our Python sources (an AST scan) and fails on any text built with an f-string, `+`, `%` or
`.format` where a user will read it:
- the argument of a translation function (_, gettext, gettext_lazy, pgettext, ngettext, gettext_noop);
- the message of a domain or validation error (ProposalError, ValidationError, ObligationError, …);
- the text of messages.success/error/… (request, text);
- a Chinese f-string given as a timeline note, a notification or obligation title or body
  (note=, from_note=, title=, body=).
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["portal", "members", "supervision", "proposals", "consult"]
CJK = re.compile(r"[\u4e00-\u9fff]")

TRANSLATORS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy",
               "npgettext", "npgettext_lazy"}
ERRORS = {"ProposalError", "ProposalPermissionError", "ValidationError", "ObligationError", "WorkflowError",
          "PermissionDenied", "EvaluationError", "MemberImportError"}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error", "add_message"}
TEXT_KEYWORDS = {"note", "from_note", "title", "body"}
# Demo data writes records as a committee's staff would type them (a plan's or an outcome's title is the
# committee's own wording, shown as typed, not a message of ours): there only notes are messages.
RECORD_KEYWORDS_IN_DEMO = {"title", "body"}


def _name(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _translated(node):
    """`_("…")` or `_("…%(x)s…") % {...}`: text gettext has seen whole."""
    if isinstance(node, ast.Call) and _name(node.func) in TRANSLATORS:
        return True
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _translated(node.left)


def _literal(node):
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _built(node):
    """Whether `node` is text assembled at run time outside gettext (so gettext cannot know it whole)."""
    if _translated(node):
        return False
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _literal(node.left)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return (_literal(node.left) or _literal(node.right)) and not (
            isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _literal(node.func.value)
    return False


def _chinese_fstring(node):
    return isinstance(node, ast.JoinedStr) and _built(node) and any(
        isinstance(v, ast.Constant) and CJK.search(str(v.value)) for v in node.values)


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path


def _problems(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(ROOT)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in TRANSLATORS:
            texts = node.args[1:2] if name.startswith(("pgettext", "npgettext")) else node.args[:1]
            if name.startswith(("ngettext", "npgettext")):
                texts = node.args[:3]
            for arg in texts:
                if _built(arg) or isinstance(arg, ast.BinOp):
                    yield f"{where}:{node.lineno}: {name}() of text built at run time"
        elif name in ERRORS and node.args and _built(node.args[0]):
            yield f"{where}:{node.lineno}: {name}() with a message built at run time"
        elif (name in MESSAGE_LEVELS and isinstance(node.func, ast.Attribute)
              and _name(node.func.value) == "messages" and len(node.args) >= 2 and _built(node.args[-1])):
            yield f"{where}:{node.lineno}: messages.{name}() with text built at run time"
        for keyword in node.keywords:
            if path.name == "demo.py" and keyword.arg in RECORD_KEYWORDS_IN_DEMO and name not in ("notify", "Message"):
                continue
            if keyword.arg in TEXT_KEYWORDS and _chinese_fstring(keyword.value):
                yield f"{where}:{node.lineno}: {keyword.arg}= is a Chinese f-string"
            if keyword.arg in TEXT_KEYWORDS and isinstance(keyword.value, ast.BoolOp):
                for value in keyword.value.values:
                    if _chinese_fstring(value):
                        yield f"{where}:{node.lineno}: {keyword.arg}= holds a Chinese f-string"


def test_no_user_visible_text_is_built_before_translation():
    problems = [p for path in _sources() for p in _problems(path)]
    assert not problems, "text gettext cannot translate:\n" + "\n".join(problems)


def test_the_scan_catches_each_form():
    """The scan itself: each untranslatable form is reported, the translatable ones are not."""
    sample = '''
_(f"提案《{t}》")
gettext("提案" + t)
ProposalError(f"不能{x}")
messages.success(request, f"已保存{n}条")
record_transition(p, note=f"{name}确认联名")
notify(users, title=note or f"提案《{t}》")
_("提案《%(t)s》") % {"t": t}
ProposalError(_("不能%(x)s") % {"x": x})
record_transition(p, note=f"{date} {way}")
'''
    path = ROOT / "tests" / "_scan_sample.py"
    path.write_text(sample, encoding="utf-8")
    try:
        found = list(_problems(path))
    finally:
        path.unlink()
    assert [line.split(":")[1] for line in found] == ["2", "3", "4", "5", "6", "7"]
