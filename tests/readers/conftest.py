import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def reader(db):
    return get_user_model().objects.create_user("reader@example.com", "a long passphrase")


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client
