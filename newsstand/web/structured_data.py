"""Machine-readable descriptions of a page: schema.org JSON-LD for search engines."""

import json

from django.utils.safestring import SafeString, mark_safe

from newsstand.articles.models import Article

# Inside <script>, "</script>" or "<!--" in a title would end or confuse the element; escaped as
# JSON unicode sequences they read the same to any JSON parser and mean nothing to HTML.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def news_article(article: Article, page_url: str, description: str, original_url: str) -> dict:
    """A schema.org NewsArticle for one article, as a plain dict."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": page_url,
        "mainEntityOfPage": page_url,
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "description": description,
        "wordCount": article.word_count,
        "publisher": {"@type": "Organization", "name": article.publisher.name},
        "author": [{"@type": "Person", "name": name} for name in author_names(article)],
    }
    if original_url:
        data["isBasedOn"] = original_url
    if article.publisher.homepage_url:
        data["publisher"]["url"] = article.publisher.homepage_url
    if article.section:
        data["articleSection"] = article.section.name
    if article.image_url:
        data["image"] = [article.image_url]
    if article.wire_credit:
        data["sourceOrganization"] = {"@type": "Organization", "name": article.wire_credit}
    if article.language:
        data["inLanguage"] = article.language
    return data


def author_names(article: Article) -> list[str]:
    """The article's authors by name: the parsed list, else the byline as one name."""
    names = [name for name in article.authors if isinstance(name, str) and name.strip()]
    if names:
        return names
    return [article.byline] if article.byline else []


def json_ld_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> element no value in `data` can break out of."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


def breadcrumb_list(trail: list[tuple[str, str]]) -> dict:
    """A schema.org BreadcrumbList from (name, absolute URL) pairs, outermost first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }
