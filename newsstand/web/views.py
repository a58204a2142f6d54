"""The reader's pages: home, one article, a story, a publisher, a section, an author."""

from dataclasses import dataclass, field

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator, slugify

from newsstand.articles.models import Article
from newsstand.articles.selectors import (
    get_article_page,
    get_author_articles,
    get_copy_group,
    get_latest_articles,
    get_newest_with_sections,
    get_publisher_articles,
    get_publishers_with_articles,
    get_section_articles,
    get_story_articles,
)
from newsstand.editorial.selectors import current_picks
from newsstand.membership.paywall import access_article, describe_access, open_text
from newsstand.publishers.models import Publisher, Section
from newsstand.readers.selectors import visible_to
from newsstand.readers.services import do_record_read
from newsstand.stories.models import Story
from newsstand.stories.origin import CopyInfo, choose_origin
from newsstand.web.links import web_link
from newsstand.web.page_cache import (
    HOME_WINDOW,
    article_fingerprint,
    cache_anonymous_page,
    home_fingerprint,
    story_fingerprint,
)
from newsstand.web.structured_data import (
    author_names,
    breadcrumb_list,
    json_ld_script,
    news_article,
)

ARTICLES_PER_PAGE = 30
# Search engines show about this many characters of a description.
DESCRIPTION_CHARS = 200
HOME_SECTIONS = 4
ARTICLES_PER_SECTION = 4


@dataclass
class SectionGroup:
    """One section across publishers (all sections sharing a slug), with a few articles."""

    slug: str
    name: str
    articles: list[Article] = field(default_factory=list)

    def get_absolute_url(self) -> str:
        return reverse("web:section", args=[self.slug])


@cache_anonymous_page(home_fingerprint)
def home(request: HttpRequest) -> HttpResponse:
    page = page_or_404(visible_to(request.user, get_latest_articles()), request)
    sections = []
    if page.number == 1:
        # Sections show what the latest list does not: the reader sees each headline once.
        shown = {item.pk for item in page.object_list}
        newest = get_newest_with_sections(HOME_WINDOW)
        sections = busiest_sections([item for item in newest if item.pk not in shown])
    context = {"page": page, "publishers": get_publishers_with_articles(), "sections": sections}
    if page.number == 1:
        context["picks"] = current_picks()
    return render(request, "web/home.html", context)


def busiest_sections(
    articles: list[Article], count: int = HOME_SECTIONS, per_section: int = ARTICLES_PER_SECTION
) -> list[SectionGroup]:
    """The sections most present among these (newest first) articles, each with its newest."""
    groups: dict[str, SectionGroup] = {}
    for item in articles:
        group = groups.setdefault(
            item.section.slug, SectionGroup(item.section.slug, item.section.name)
        )
        group.articles.append(item)
    busiest = sorted(groups.values(), key=lambda group: len(group.articles), reverse=True)
    for group in busiest:
        del group.articles[per_section:]
    return busiest[:count]


@cache_anonymous_page(article_fingerprint)
def article(request: HttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    try:
        item = get_article_page(pk)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    if slug != item.slug:
        return redirect(item, permanent=True)
    page_url = request.build_absolute_uri(item.get_absolute_url())
    description = Truncator(open_text(item)).chars(DESCRIPTION_CHARS)
    authors = author_names(item)
    original_url = web_link(item.canonical_url or item.url)
    trail = [
        ("Home", reverse("web:home")),
        (item.publisher.name, item.publisher.get_absolute_url()),
    ]
    if item.section:
        trail.append((item.section.name, section_url(item.section)))
    entitlement = access_article(request.user, item)
    context = {
        "article": item,
        "page_url": page_url,
        "description": description,
        "authors": authors,
        "author_links": [(name, author_url(name)) for name in item.authors if author_url(name)],
        "byline": item.byline or ", ".join(authors),
        "section_url": section_url(item.section) if item.section else "",
        "original_url": original_url,
        "json_ld": json_ld_script(
            describe_access(news_article(item, page_url, description, original_url), entitlement)
        ),
        "entitlement": entitlement,
        "breadcrumbs_json_ld": json_ld_script(
            breadcrumb_list([(name, request.build_absolute_uri(url)) for name, url in trail])
        ),
        **copies_context(item),
    }
    do_record_read(request.user, item)
    return render(request, "web/article.html", context)


def copies_context(item: Article) -> dict:
    """Where a syndicated article came from and the other outlets carrying it (none if it
    has no copies); only stored stories have copies, so others cost no query."""
    if item.story is None or item.story.article_count < 2:
        return {}
    group = get_copy_group(item)
    if len(group) < 2:
        return {}
    infos = [CopyInfo(str(a.pk), a.publisher.name, a.published_at, a.wire_credit) for a in group]
    return {
        "origin": choose_origin(infos),
        "other_copies": [copy for copy in group if copy.pk != item.pk],
    }


@cache_anonymous_page(story_fingerprint)
def story(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Story, pk=pk)
    if found.merged_into_id:  # an editor merged it: its coverage is the survivor's now
        return redirect("web:story", found.merged_into_id, permanent=True)
    page = page_or_404(get_story_articles(found.pk), request)
    return render(request, "web/story.html", {"story": found, "page": page})


def publisher(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Publisher, slug=slug)
    articles = visible_to(request.user, get_publisher_articles(source), keep_publisher=source)
    page = page_or_404(articles, request)
    context = {"publisher": source, "page": page, "sections": source.sections.order_by("name")}
    return render(request, "web/publisher.html", context)


def section(request: HttpRequest, slug: str) -> HttpResponse:
    """Every publisher's section of this name ("politics" of all outlets), newest first."""
    sections = list(Section.objects.filter(slug=slug).select_related("publisher"))
    if not sections:
        raise Http404("No such section.")
    page = page_or_404(visible_to(request.user, get_section_articles(slug)), request)
    context = {"name": sections[0].name, "sections": sections, "page": page, "publisher": None}
    context["picks"] = current_picks(sections)
    return render(request, "web/section.html", context)


def publisher_section(request: HttpRequest, publisher_slug: str, slug: str) -> HttpResponse:
    """One publisher's own section."""
    found = get_object_or_404(
        Section.objects.select_related("publisher"), publisher__slug=publisher_slug, slug=slug
    )
    articles = visible_to(request.user, get_section_articles(slug, found.publisher))
    page = page_or_404(articles, request)
    context = {"name": found.name, "section": found, "publisher": found.publisher, "page": page}
    context["picks"] = current_picks(found)
    return render(request, "web/section.html", context)


def author(request: HttpRequest, slug: str) -> HttpResponse:
    """Articles by the author whose name slugifies to `slug`, across publishers."""
    page = page_or_404(get_author_articles(slug), request)
    name = next(
        (n for item in page.object_list for n in author_names(item) if slugify(n) == slug), ""
    )
    if not name:
        raise Http404("No articles by this author.")
    return render(request, "web/author.html", {"name": name, "page": page})


def section_url(found: Section) -> str:
    return reverse("web:publisher_section", args=[found.publisher.slug, found.slug])


def author_url(name: str) -> str:
    """The author's page, or "" for a name that makes no slug (punctuation only)."""
    slug = slugify(name) if isinstance(name, str) else ""
    return reverse("web:author", args=[slug]) if slug else ""


def page_or_404(articles: QuerySet[Article], request: HttpRequest) -> Page:
    """The ?page=N page of a list; a page that does not exist is not found, not page 1."""
    paginator = Paginator(articles, ARTICLES_PER_PAGE)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page.") from None
