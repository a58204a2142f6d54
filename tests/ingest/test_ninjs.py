"""Specification of parse_ninjs: ninjs 2.x and 1.x documents, and the errors a sender gets."""

from datetime import UTC, datetime

import pytest

from newsstand.ingest.items import FeedItem
from newsstand.ingest.ninjs import NinjsError, NinjsItem, parse_ninjs

NINJS_2 = {
    "uri": "urn:newsml:wire.example:20240501:talks",
    "standard": {"name": "ninjs", "version": "2.0"},
    "type": "text",
    "version": "3",
    "firstcreated": "2024-05-01T12:00:00Z",
    "versioncreated": "2024-05-01T15:30:00+02:00",
    "language": "en-GB",
    "headlines": [
        {"role": "sub", "value": "A subtitle"},
        {"role": "main", "value": "Talks resume in Geneva"},
    ],
    "descriptions": [{"role": "summary", "value": "Diplomats meet again."}],
    "bodies": [
        {"contenttype": "text/plain", "value": "Plain version."},
        {"contenttype": "text/html", "value": "<p>Rich <b>version</b>.</p>"},
    ],
    "by": "By Jane Doe",
    "people": [
        {"name": "Jane Doe", "rel": "author"},
        {"name": "Ann Other", "rel": "http://cv.iptc.org/newscodes/creatorrole/author"},
        {"name": "A Minister", "rel": "subject"},
    ],
    "subjects": [{"name": "Diplomacy", "uri": "http://cv.iptc.org/x"}, {"name": "Europe"}],
    "associations": [
        {
            "name": "featureimage",
            "type": "picture",
            "renditions": [
                {"name": "thumb", "href": "https://img.example/t.jpg", "width": 100},
                {"name": "large", "href": "https://img.example/l.jpg", "width": 1600},
            ],
        }
    ],
    "copyrightnotice": "Copyright 2024 The Associated Press. All rights reserved.",
    "usageterms": "Not for resale.",
}

NINJS_1 = {
    "uri": "https://paper.example/2024/05/01/talks",
    "version": 7,
    "headline": "Talks (1.x)",
    "body_text": "First paragraph <not a tag>.\n\nSecond.",
    "byline": "John Smith",
    "firstcreated": "2024-05-01T12:00:00",
    "description_text": "Teaser.",
    "subject": [{"name": "Politics", "code": "11000000"}],
    "associations": {
        "main": {
            "type": "picture",
            "renditions": {"original": {"href": "https://img.example/o.jpg"}},
        }
    },
    "usageterms": "Editorial use only.",
}


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param(
            NINJS_2,
            NinjsItem(
                item=FeedItem(
                    guid="urn:newsml:wire.example:20240501:talks",
                    title="Talks resume in Geneva",
                    summary_html="<p>Diplomats meet again.</p>",
                    content_html="<p>Rich <b>version</b>.</p>",
                    authors=["Jane Doe", "Ann Other"],
                    published_at=datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
                    updated_at=datetime(2024, 5, 1, 13, 30, tzinfo=UTC),
                    image_url="https://img.example/l.jpg",
                    categories=["Diplomacy", "Europe"],
                    language="en-GB",
                    rights="Copyright 2024 The Associated Press. All rights reserved.",
                ),
                version=3,
            ),
            id="ninjs-2",
        ),
        pytest.param(
            NINJS_1,
            NinjsItem(
                item=FeedItem(
                    guid="https://paper.example/2024/05/01/talks",
                    url="https://paper.example/2024/05/01/talks",
                    title="Talks (1.x)",
                    summary_html="<p>Teaser.</p>",
                    content_html="<p>First paragraph &lt;not a tag&gt;.</p><p>Second.</p>",
                    authors=["John Smith"],
                    published_at=datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
                    image_url="https://img.example/o.jpg",
                    categories=["Politics"],
                    rights="Editorial use only.",
                ),
                version=7,
            ),
            id="ninjs-1-field-names",
        ),
        pytest.param(
            {
                "uri": "  urn:x:1  ",
                "version": 1,
                "headlines": [{"value": "Only a headline"}],
                "bodies": [{"value": "Line one\nline two"}],
                "authors": [{"name": "Ada", "role": "editor"}],
                "renditions": [
                    {"name": "page", "href": "https://x.example/1", "contenttype": "text/html"},
                    {"name": "pic", "href": "https://x.example/1.png", "contenttype": "image/png"},
                ],
            },
            NinjsItem(
                item=FeedItem(
                    guid="urn:x:1",
                    title="Only a headline",
                    content_html="<p>Line one<br>line two</p>",
                    authors=["Ada"],
                    image_url="https://x.example/1.png",
                ),
                version=1,
            ),
            id="minimal-plain-text-body",
        ),
    ],
)
def test_ninjs_documents_become_feed_items_with_their_version(document, expected):
    assert parse_ninjs(document) == expected


@pytest.mark.parametrize(
    ("document", "field", "message"),
    [
        ({"version": 1, "headline": "x"}, "uri", "required"),
        ({"uri": "   ", "version": 1, "headline": "x"}, "uri", "required"),
        ({"uri": 5, "version": 1, "headline": "x"}, "uri", "must be a string"),
        ({"uri": "u" * 1025, "version": 1, "headline": "x"}, "uri", "longer than 1024"),
        ({"uri": "urn:a\nb", "version": 1, "headline": "x"}, "uri", "control characters"),
        ({"uri": "urn:x", "headline": "x"}, "version", "required"),
        ({"uri": "urn:x", "version": 0, "headline": "x"}, "version", "positive integer"),
        ({"uri": "urn:x", "version": -2, "headline": "x"}, "version", "positive integer"),
        ({"uri": "urn:x", "version": "1.5", "headline": "x"}, "version", "positive integer"),
        ({"uri": "urn:x", "version": 2.0, "headline": "x"}, "version", "positive integer"),
        ({"uri": "urn:x", "version": True, "headline": "x"}, "version", "positive integer"),
        ({"uri": "urn:x", "version": 2**31, "headline": "x"}, "version", "at most"),
        ({"uri": "urn:x", "version": 1, "type": "picture"}, "type", "only text items"),
        ({"uri": "urn:x", "version": 1}, "headlines", "a headline or a body"),
        ({"uri": "urn:x", "version": 1, "headlines": "x"}, "headlines", "list of objects"),
        ({"uri": "urn:x", "version": 1, "headline": ["x"]}, "headline", "must be a string"),
        (
            {"uri": "urn:x", "version": 1, "headline": "x", "firstcreated": "yesterday"},
            "firstcreated",
            "not an ISO 8601 date-time",
        ),
    ],
)
def test_unusable_documents_raise_ninjs_error_naming_the_field(document, field, message):
    with pytest.raises(NinjsError, match=message) as caught:
        parse_ninjs(document)
    assert caught.value.field == field


def test_a_document_that_is_not_an_object_is_refused():
    with pytest.raises(NinjsError, match="JSON object"):
        parse_ninjs(["uri"])


def test_a_version_string_with_spaces_is_read_as_a_number():
    assert parse_ninjs({"uri": "urn:x", "version": " 12 ", "headline": "x"}).version == 12
