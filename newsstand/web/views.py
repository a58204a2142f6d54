from django.shortcuts import get_object_or_404, redirect, render

from newsstand.articles.models import Article
from newsstand.publishers.models import Publisher


def home(request):
    articles = Article.objects.select_related("publisher", "section")[:50]
    return render(request, "web/home.html", {"articles": articles})


def article(request, pk, slug=None):
    item = get_object_or_404(Article.objects.select_related("publisher", "section"), pk=pk)
    if slug != item.slug:
        return redirect(item, permanent=True)
    return render(request, "web/article.html", {"article": item})


def publisher(request, slug):
    source = get_object_or_404(Publisher, slug=slug)
    articles = source.articles.select_related("section")[:50]
    return render(request, "web/home.html", {"articles": articles, "publisher": source})
