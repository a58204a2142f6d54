"""`newsstand stories cluster`: the offline interface, on the bundled sample, with no database."""

import json
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from newsstand.stories.management.commands.stories import read_articles
from newsstand.stories.pipeline import assign_stream

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "articles.jsonl"


@pytest.fixture(scope="module")
def sample_input(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The English sample as the command's input lines, and each article's story_key."""
    path = tmp_path_factory.mktemp("stories") / "articles.jsonl"
    keys = {}
    with path.open("w") as out:
        for number, line in enumerate(SAMPLE.read_text().splitlines()):
            record = json.loads(line)
            if record["language"] != "en":
                continue
            article_id = f"a{number}"
            keys[article_id] = record["story_key"]
            out.write(json.dumps({
                "id": article_id, "title": record["title"],
                "body": "\n\n".join(record["paragraphs"]), "published_at": record["published_at"],
                "publisher": record["publisher"], "url": record["source_url"], "extra": 1,
            }) + "\n")  # fmt: skip
    return path, keys


def run(sample_input, tmp_path) -> list[dict]:
    output = tmp_path / "assignments.jsonl"
    call_command("stories", "cluster", "--input", str(sample_input[0]), "--output", str(output))
    return [json.loads(line) for line in output.read_text().splitlines()]


def test_every_article_gets_a_story_and_wikinews_copies_point_to_an_earlier_copy(
    sample_input, tmp_path
):
    assignments = run(sample_input, tmp_path)
    keys = sample_input[1]
    assert [a["id"] for a in assignments] == list(keys)  # the input's order
    assert set(assignments[0]) == {"id", "story_id", "duplicate_of"}
    by_id = {a["id"]: a for a in assignments}
    copies = [a for a in assignments if a["duplicate_of"]]
    # Never a copy across two labelled groups (the labels miss a few joint statements).
    labelled = [a for a in copies if keys[a["id"]] and keys[a["duplicate_of"]]]
    assert len(labelled) >= 90
    assert all(keys[a["id"]] == keys[a["duplicate_of"]] for a in labelled)
    stories_of_key = defaultdict(set)
    for article_id, key in keys.items():
        if key.startswith("wikinews:"):
            stories_of_key[key].add(by_id[article_id]["story_id"])
    assert all(len(stories) == 1 for stories in stories_of_key.values())


def test_the_command_and_the_live_pipeline_give_the_same_assignments(sample_input, tmp_path):
    from_command = {
        a["id"]: (a["story_id"], a["duplicate_of"]) for a in run(sample_input, tmp_path)
    }
    live = {
        a.id: (a.story_id, a.duplicate_of) for a in assign_stream(read_articles(sample_input[0]))
    }
    assert from_command == live


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": 1}\n', "line 1: missing title, body, published_at, publisher"),
        ('\n{"id": 1, "title": "", "body": "", "published_at": "soon", "publisher": "P"}',
         "line 2: Invalid isoformat string"),
        ("not json\n", "line 1: Expecting value"),
        ('{"id": 1, "title": "t", "body": "b", "published_at": "2024-01-01", "publisher": "P"}\n'
         '{"id": 1, "title": "t", "body": "b", "published_at": "2024-01-01", "publisher": "P"}',
         "line 2: id '1' appears twice"),
    ],
)  # fmt: skip
def test_bad_input_stops_with_the_line_that_is_wrong(tmp_path, content, message):
    source = tmp_path / "in.jsonl"
    source.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("stories", "cluster", "--input", str(source), "--output", str(tmp_path / "o"))


def test_a_missing_input_file_is_one_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"cannot read .*nothing\.jsonl: No such file"):
        call_command(
            "stories", "cluster", "--input", str(tmp_path / "nothing.jsonl"), "--output", "o"
        )
