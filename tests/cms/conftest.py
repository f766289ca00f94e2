"""Fixtures of the project-wiring tests."""

import pytest
from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction
from wagtail_factories import CollectionFactory, DocumentFactory


@pytest.fixture
def board_minutes(db):
    """The issue's document: board-minutes.pdf in a collection that asks for a login."""
    private = CollectionFactory(name="Board", parent=Collection.get_first_root_node())
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = DocumentFactory(title="Board minutes", collection=private, file=None)
    document.file.save("board-minutes.pdf", ContentFile(b"%PDF-1.4 minutes"), save=True)
    return document
