"""What "nothing runs" means for a page's HTML, checked with the standard library's parser.

The parser sees the markup as a browser's tokenizer does (entities decoded in attribute
values, script and style content kept raw), so an escaped payload is text here and an
unescaped one is a tag or an attribute.
"""

import json
import re
from html.parser import HTMLParser

# Attributes a browser follows or loads as a URL.
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "background",
    "codebase",
    "cite",
    "srcset",
    "ping",
    "lowsrc",
    "dynsrc",
    "values",
    "to",
    "from",
}
SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:", "livescript:")
# Elements that load or run another document: no page of this site has one of its own.
EMBEDDING_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
MARKER = re.compile(r"xss-\d+|__xss")
# Whitespace and control characters, which browsers skip inside a URL's scheme.
IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


def normalized_url(value):
    return IGNORED_IN_SCHEME.sub("", value).lower()


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.text = []
        self._raw = None  # (tag, attrs, chunks) while inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        self._check_tag(tag, attrs)
        if tag in {"script", "style"}:
            self._raw = (tag, dict(attrs), [])

    def handle_startendtag(self, tag, attrs):
        self._check_tag(tag, attrs)

    def handle_endtag(self, tag):
        if self._raw and tag == self._raw[0]:
            self._check_raw(*self._raw)
            self._raw = None

    def handle_data(self, data):
        if self._raw:
            self._raw[2].append(data)
        else:
            self.text.append(data)

    def _flag(self, problem):
        self.problems.append(problem)

    def _check_tag(self, tag, attrs):
        shown = self.get_starttag_text()
        if tag in EMBEDDING_TAGS:
            self._flag(f"<{tag}> element: {shown}")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._flag(f"event handler {name}=: {shown}")
            if name in URL_ATTRIBUTES and normalized_url(value).startswith(SCRIPT_SCHEMES):
                self._flag(f"script URL in {name}=: {shown}")
            if name == "style" and _dangerous_css(value):
                self._flag(f"script in style=: {shown}")
            if name == "srcdoc":
                self._flag(f"srcdoc=: {shown}")
        attributes = dict(attrs)
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self._flag(f"meta refresh: {shown}")
        if tag == "script" and MARKER.search(attributes.get("src") or ""):
            self._flag(f"script from input: {shown}")

    def _check_raw(self, tag, attrs, chunks):
        content = "".join(chunks)
        if tag == "style":
            if MARKER.search(content) or _dangerous_css(content):
                self._flag(f"style from input: <style>{content[:200]}")
            return
        if (attrs.get("type") or "").lower() in DATA_SCRIPT_TYPES:
            # Data, not code, as long as the element holds exactly one JSON document: a
            # value that closed the element early would leave broken JSON behind.
            try:
                json.loads(content)
            except ValueError:
                self._flag(f"JSON script element broken open: {content[:200]}")
            return
        if MARKER.search(content):
            self._flag(f"script from input: <script>{content[:200]}")


def _dangerous_css(css):
    lowered = normalized_url(css)
    return any(word in lowered for word in ("javascript:", "expression(", "@import", "vbscript:"))


def parse(html):
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def script_problems(html):
    """Everything in the page that a browser could run or load as script."""
    return parse(html).problems


def page_text(html):
    """The page as a reader reads it: text only, entities decoded."""
    return "".join(parse(html).text)
