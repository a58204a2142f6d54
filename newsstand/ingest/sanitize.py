"""Make publishers' HTML safe to show, and turn HTML into plain text.

Feed HTML is untrusted: it is cleaned with nh3 (the Rust ammonia sanitiser) against an allowlist
fit for article bodies, never patched with regular expressions.
"""

import html as html_module
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "div", "dl", "dt",
        "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol",
        "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody", "td", "th",
        "thead", "time", "tr", "u", "ul",
    }
)  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "time": {"datetime"},
}

# Tags whose whole content goes, not just the tag: code, styling, embeds and forms never belong
# in an article body, and their text (a script's source, a form's labels) is not prose either.
REMOVED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "form", "svg", "math"}
)

URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener nofollow"

_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)
# Built once: configuring ammonia costs more than most of the cleaning it then does.
_CLEANER_OPTIONS = {
    "tags": set(ALLOWED_TAGS),
    "clean_content_tags": set(REMOVED_WITH_CONTENT),
    "attributes": ALLOWED_ATTRIBUTES,
    "url_schemes": set(URL_SCHEMES),
    "link_rel": LINK_REL,
    "strip_comments": True,
}
_CLEANER = nh3.Cleaner(**_CLEANER_OPTIONS)  # relative URLs passed through as they are
# ammonia writes every attribute as ` name="value"`, a '"' in the value escaped: this finds
# the values that do not start with an allowed scheme, of which those of href and src are
# relative URLs. (It looks for '="' first, which is rarer than the attribute names.)
_UNSCHEMED_VALUE = re.compile(
    '="(?!{})'.format("|".join(f"{scheme}:" for scheme in sorted(URL_SCHEMES)))
)
_URL_ATTRIBUTES = (" href", " src")

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
# The tags of ammonia's output, whose names it writes in lowercase: three substitutions
# without a callback cost less than one that calls back for every tag.
_SANITIZED_BLOCK_TAG = re.compile(
    r"</?(?:{})(?=[\s/>])[^>]*>".format("|".join(sorted(BLOCK_TAGS, key=len, reverse=True)))
)
_SANITIZED_BR = re.compile(r"<br(?=[\s/>])[^>]*>")  # "</br>" is no line break to html.parser
_SANITIZED_TAG = re.compile(r"<[^>]*>")
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "head", "title"})
_BLANK_LINE = re.compile(r"\n\s*\n")
_PARAGRAPH = "\x00"
_LINE = "\x01"
_ASCII_SPACES_BUT_SPACE = tuple(c for c in map(chr, range(128)) if c.isspace() and c != " ")


def sanitize_html(html: str, base_url: str = "") -> str:
    """Return html cleaned to the article allowlist, relative URLs resolved against base_url."""
    if not html:
        return ""
    # The page's own <h1> is the article title, so a body's top headings step down one level.
    if _H1.search(html):  # seldom: a search without a match costs a third less than sub()
        html = _H1.sub(r"<\1h2", html)
    cleaned = _CLEANER.clean(html)
    if is_web_url(base_url) and _has_relative_url(cleaned):
        # Relative URLs are resolved by ammonia itself: it alone decides what is relative, so a
        # disguised "java&#9;script:" is judged as the absolute (and refused) URL a browser would
        # see. The base differs per item, so this needs a cleaner of its own.
        cleaned = nh3.clean(html, **_CLEANER_OPTIONS, url_relative=("rewrite_with_base", base_url))
    return cleaned.strip()


def _has_relative_url(cleaned: str) -> bool:
    """Whether ammonia's output has a link or image whose URL is relative."""
    return any(
        cleaned.endswith(_URL_ATTRIBUTES, 0, value.start())
        for value in _UNSCHEMED_VALUE.finditer(cleaned)
    )


def text_to_html(text: str) -> str:
    """Plain text as HTML paragraphs, escaped; blank lines separate paragraphs, and a line break
    within one is a <br>."""
    paragraphs = (p.strip() for p in _BLANK_LINE.split(text))
    return "".join(
        f"<p>{html_module.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs if p
    )


def html_to_text(html: str) -> str:
    """Return html as plain text: blank lines between blocks, entities decoded, spaces collapsed."""
    if not html:
        return ""
    if "<" not in html and "&" not in html:  # plain text (most titles): no parser needed
        return collapse_spaces(html)
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return _paragraphs("".join(parser.chunks))[0]


def sanitized_html_to_text(html: str) -> str:
    """html_to_text for what sanitize_html returned, without an HTML parser (3 times faster)."""
    return sanitized_text_and_words(html)[0]


def sanitized_text_and_words(html: str) -> tuple[str, int]:
    """sanitized_html_to_text(html) and how many words it has (as text.split() counts them),
    counted while the text is made, which costs nothing next to splitting it again.

    Its output is serialised by ammonia: every "<" and ">" outside a tag is escaped (in text
    and attribute values alike), every "&" starts a complete entity, and no comment or
    skipped element (script, style, …) is left. So one pattern finds every tag, and the text
    between tags is what html.parser would report.
    """
    if not html:
        return "", 0
    text = html.replace(_PARAGRAPH, " ").replace(_LINE, " ")
    text = _SANITIZED_BLOCK_TAG.sub(_PARAGRAPH, text)
    text = _SANITIZED_TAG.sub("", _SANITIZED_BR.sub(_LINE, text))
    return _paragraphs(html_module.unescape(text) if "&" in text else text)


def _paragraphs(marked: str) -> tuple[str, int]:
    """Text with sentinel-marked blocks and line breaks as paragraphs, spaces collapsed, and
    the number of words in it."""
    paragraphs = []
    words = 0
    for block in marked.split(_PARAGRAPH):
        if not block:
            continue
        if _LINE in block:
            lines = [line.split() for line in block.split(_LINE)]
            paragraph = "\n".join(" ".join(line) for line in lines if line)
            words += sum(map(len, lines))
        elif single_spaced(block):
            # Collapsed already, its words counted by its spaces: most paragraphs are written
            # so, and splitting one into words cost more than the rest of making the text.
            paragraph = block.strip(" ")
            words += paragraph.count(" ") + 1 if paragraph else 0
        else:
            block_words = block.split()
            paragraph = " ".join(block_words)
            words += len(block_words)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs), words


def single_spaced(text: str) -> bool:
    """Whether text's only whitespace is single spaces, so that " ".join(text.split()) is text
    without its spaces at either end. Told without splitting: every space character but " "
    is unprintable, and in ASCII text a test for each of the few there is sooner still."""
    if "  " in text:
        return False
    if not text.isascii():
        return text.isprintable()
    return not contains_any(text, _ASCII_SPACES_BUT_SPACE)


def contains_any(text: str, parts: tuple[str, ...]) -> bool:
    """Whether text holds one of parts."""
    for part in parts:  # noqa: SIM110 - any() over a generator costs twice as much
        if part in text:
            return True
    return False


def collapse_spaces(text: str) -> str:
    """ " ".join(text.split()): each run of whitespace one space, none at either end. Text
    written so already, most of it, is not split into words and joined again."""
    return text.strip(" ") if single_spaced(text) else " ".join(text.split())


def is_web_url(url: str) -> bool:
    """Whether url is an absolute http(s) URL: the only kind worth resolving against, linking
    to or fetching."""
    return url.lower().startswith(("http://", "https://"))


class _TextParser(HTMLParser):
    """Collects text, marking block boundaries and line breaks with sentinel characters."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag == "br":
            self.chunks.append(_LINE)
        elif tag in BLOCK_TAGS:
            self.chunks.append(_PARAGRAPH)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.chunks.append(_LINE)
        elif tag in BLOCK_TAGS:
            self.chunks.append(_PARAGRAPH)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCK_TAGS:
            self.chunks.append(_PARAGRAPH)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            # Sentinels inside the text itself must not split it.
            self.chunks.append(data.replace(_PARAGRAPH, " ").replace(_LINE, " "))
