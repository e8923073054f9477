"""A corpus of hostile input: markup and URLs that run script if a page lets them through.

Each payload carries its own number: `JS` becomes `alert('xss-<n>')` and `SET` becomes
`window.__xss=<n>`, so a browser test that sees a dialog, a console line or the probe knows
exactly which payload got through. `fires` marks the payloads that run on their own when
rendered raw in Chromium (no click, no hover): tests/browser/test_xss.py proves them live,
so a clean page means the site defused them, not that the corpus was inert.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    number: int
    category: str
    text: str
    fires: bool

    @property
    def marker(self):
        return f"xss-{self.number}"

    def __str__(self):
        return self.text


# (category, template, fires when rendered raw). Templates, not final strings, so numbering
# stays automatic when a payload is added.
_TEMPLATES = [
    # <script> in its many spellings.
    ("script", "<script>JS</script>", True),
    ("script", "<ScRiPt>JS</sCrIpT>", True),
    ("script", "<scr<script>ipt>JS</scr</script>ipt>", False),
    ("script", '<script src="data:text/javascript,JS"></script>', True),
    ("script", "<script/x>JS</script>", True),
    ("script", "<<script>JS//<</script>", True),
    ("script", "<script\n>JS</script\n>", True),
    ("script", "<scrscriptipt>JS</scrscriptipt>", False),
    # Event handlers, on many tags.
    ("handler", "<img src=x onerror=JS>", True),
    ("handler", "<IMG SRC=x OnErRoR=JS>", True),
    ("handler", '<img/src="x"/onerror=JS>', True),
    ("handler", "<svg onload=JS>", True),
    ("handler", "<body onload=JS>", True),
    ("handler", "<details open ontoggle=JS>", True),
    ("handler", "<video><source onerror=JS></video>", True),
    ("handler", "<audio src=x onerror=JS>", True),
    ("handler", "<input autofocus onfocus=JS>", True),
    ("handler", "<select autofocus onfocus=JS></select>", True),
    ("handler", "<textarea autofocus onfocus=JS></textarea>", True),
    ("handler", "<iframe onload=JS></iframe>", True),
    ("handler", "<object data=x onerror=JS></object>", True),
    ("handler", "<style onload=JS></style>", True),
    ("handler", "<marquee onstart=JS>news</marquee>", False),
    ("handler", '<div onmouseover="JS" style="position:fixed;inset:0">hover</div>', False),
    ("handler", "<a href=# onclick=JS>read more</a>", False),
    ("handler", '<p title="x" onpointerenter="SET">text</p>', False),
    # Script URLs in href, src, action, formaction: entities, tabs, newlines, case.
    ("url", '<a href="javascript:JS">click</a>', False),
    ("url", '<a href="JaVaScRiPt:JS">click</a>', False),
    ("url", '<a href="jav&#x09;ascript:JS">click</a>', False),
    ("url", '<a href="jav\tascript:JS">click</a>', False),
    ("url", '<a href="java\nscript:JS">click</a>', False),
    (
        "url",
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;JS">click</a>',
        False,
    ),
    ("url", '<a href=" \x01javascript:JS">click</a>', False),
    ("url", '<a href="javascript&colon;JS">click</a>', False),
    ("url", '<a href="data:text/html,<script>JS</script>">click</a>', False),
    ("url", "<a href=\"vbscript:msgbox('xss-N')\">click</a>", False),
    ("url", '<form action="javascript:JS"><button>go</button></form>', False),
    ("url", '<form><button formaction="javascript:JS">go</button></form>', False),
    ("url", '<iframe src="javascript:JS"></iframe>', True),
    ("url", '<img src="javascript:JS">', False),
    ("url", "[read more](javascript:JS)", False),
    ("url", 'https://example.org/"onmouseover="JS"', False),
    ("url", "https://example.org/'><img src=x onerror=JS>", True),
    # SVG.
    ("svg", "<svg><script>JS</script></svg>", True),
    ("svg", '<svg><a xlink:href="javascript:JS"><text x="20" y="20">click</text></a></svg>', False),
    ("svg", "<svg><animate onbegin=JS attributeName=x dur=1s>", True),
    ("svg", "<svg><image href=x onerror=JS></image></svg>", True),
    (
        "svg",
        '<svg><a id="a"><text x="20" y="20">click</text></a>'
        '<animate href="#a" attributeName="href" values="javascript:JS"/></svg>',
        False,
    ),
    ("svg", "<svg><foreignObject><img src=x onerror=JS></foreignObject></svg>", True),
    # Mutation XSS: markup that changes meaning when parsed, serialized and parsed again.
    ("mutation", '<noscript><p title="</noscript><img src=x onerror=JS>">', True),
    ("mutation", "<math><mtext><table><mglyph><style><img src=x onerror=JS>", False),
    ("mutation", '<svg></p><style><a id="</style><img src=1 onerror=JS>">', True),
    (
        "mutation",
        '<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style>'
        '<img src onerror=JS>"></style></h1>',
        False,
    ),
    (
        "mutation",
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=JS>",
        False,
    ),
    ("mutation", '<xmp><p title="</xmp><img src=x onerror=JS>">', True),
    ("mutation", '<noembed><img title="</noembed><img src=x onerror=JS>">', True),
    ("mutation", '<iframe><img title="</iframe><img src=x onerror=JS>">', True),
    ("mutation", '<!--<img src="--><img src=x onerror=JS//">', True),
    # Entity tricks: text that becomes markup if something decodes it twice.
    ("entity", "&lt;script&gt;JS&lt;/script&gt;", False),
    ("entity", "&#60;script&#62;JS&#60;/script&#62;", False),
    ("entity", "&amp;lt;img src=x onerror=JS&amp;gt;", False),
    ("entity", "\\u003cscript\\u003eJS\\u003c/script\\u003e", False),
    ("entity", "%3Cscript%3EJS%3C/script%3E", False),
    ("entity", "<img src=x onerror=&#97;lert('xss-N')>", True),
    ("entity", "\uff1cscript\uff1eJS\uff1c/script\uff1e", False),
    # Broken markup: breaking out of an attribute, a string, a textarea, a title, a comment.
    ("broken", '"><script>JS</script>', True),
    ("broken", "'><img src=x onerror=JS>", True),
    ("broken", "'-JS-'", False),
    ("broken", '";JS;//', False),
    ("broken", "</textarea><script>JS</script>", True),
    ("broken", "</title><script>JS</script>", True),
    ("broken", "--><script>JS</script>", True),
    ("broken", "</script><script>JS</script>", True),
    ("broken", "</style><script>JS</script>", True),
    ("broken", '<img src="x" onerror="JS"', True),
    ("broken", "<img src='x onerror=JS//", False),
    ("broken", "</p></div></article></main><script>JS</script>", True),
    # CSS.
    ("css", "<style>@import 'javascript:JS';</style>", False),
    ("css", '<div style="background:url(javascript:JS)">x</div>', False),
    ("css", '<div style="width:expression(JS)">x</div>', False),
    ("css", '<link rel=stylesheet href="javascript:JS">', False),
    # Embedding another document, or redirecting this one.
    ("embed", "<iframe srcdoc=\"<script>parent.SET;alert('xss-N')</script>\"></iframe>", True),
    ("embed", '<object data="javascript:JS"></object>', False),
    ("embed", '<object data="data:text/html,<script>JS</script>"></object>', True),
    ("embed", '<embed src="javascript:JS">', False),
    ("embed", '<embed src="data:text/html,<script>JS</script>">', True),
    ("embed", '<base href="javascript:JS//">', False),
    ("embed", '<meta http-equiv="refresh" content="0;url=javascript:JS">', False),
    # Template syntax: must print literally, never be evaluated by Django or a JS framework.
    ("template", "{{7*7}}{{constructor.constructor('JS')()}}", False),
    ("template", "{% debug %}<!-- xss-N -->", False),
    ("template", "${7*7}{{ request.META }}#{JS}", False),
]


def _fill(template, number):
    return (
        template.replace("JS", f"alert('xss-{number}')")
        .replace("SET", f"window.__xss={number}")
        .replace("xss-N", f"xss-{number}")
    )


PAYLOADS = [
    Payload(number, category, _fill(template, number), fires)
    for number, (category, template, fires) in enumerate(_TEMPLATES, start=1)
]

CATEGORIES = sorted({payload.category for payload in PAYLOADS})


def every_nth(step, *, offset=0):
    """A subset that still has every category: every `step`-th payload, plus the first of
    each category the stride missed."""
    chosen = PAYLOADS[offset::step]
    seen = {payload.category for payload in chosen}
    for payload in PAYLOADS:
        if payload.category not in seen:
            chosen.append(payload)
            seen.add(payload.category)
    return chosen
