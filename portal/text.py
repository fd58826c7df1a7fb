"""Chinese text segmentation shared by every feature that needs words out of Chinese text.

Used by the similar-proposal index (proposals.similarity) and meant for the full-text search column
of later issues: both must cut text the same way, so the jieba set-up lives here once.

- `words(text)`: jieba words of 2+ characters, no pure numbers or punctuation;
- `cjk_bigrams(text)`: overlapping pairs of Chinese characters (robust to words jieba does not know);
- `search_tokens(text)`: words of jieba's search mode joined by spaces, ready for a `simple`
  full-text configuration (to_tsvector('simple', …)).

Callers bound their input: segmentation costs time linear in the text (about 10 ms per 1,000
characters), so never pass unbounded user input; `clip()` cuts a text at a character budget.
"""

import re
import threading

CJK = re.compile(r"[\u4e00-\u9fff]+")
WORD = re.compile(r"[\w\u4e00-\u9fff]")
_lock = threading.Lock()
_loaded = None


def jieba():
    """The jieba module, initialised once per process (its dictionary load takes about a second)."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                import jieba as module

                module.setLogLevel(60)
                module.initialize()
                _loaded = module
    return _loaded


def clip(text, limit):
    """At most `limit` characters of `text` ("" for None)."""
    return (text or "")[:limit]


def _keep(word):
    return len(word) >= 2 and not word.isdigit() and WORD.search(word) is not None


def words(text):
    """jieba words of `text` (precise mode), 2+ characters, without numbers and punctuation runs."""
    return [w for w in (token.strip() for token in jieba().lcut(text or "")) if _keep(w)]


def cjk_bigrams(text):
    """Overlapping character pairs of every run of Chinese characters in `text`."""
    out = []
    for run in CJK.findall(text or ""):
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def search_tokens(text):
    """Space-separated words of jieba's search mode (long words also yield their parts), for full-text search."""
    return " ".join(w for w in (t.strip() for t in jieba().lcut_for_search(text or "")) if w and WORD.search(w))
