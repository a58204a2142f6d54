from newsstand.ingest.items import unique_texts


def test_unique_texts_strips_drops_blanks_and_keeps_the_first_of_each():
    assert unique_texts([" Ann ", "", "Bo", "Ann", "   ", "Bo "]) == ["Ann", "Bo"]
    assert unique_texts(iter([" one "])) == ["one"]
    assert unique_texts([]) == []
