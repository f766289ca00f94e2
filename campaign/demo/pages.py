"""Create a missing demo page; restore an existing one only when asked to.

A page is found by its slug under its parent (or, for a translation, by its source page and
locale). A new page goes through the same steps as one made in the admin: added to the tree,
logged, saved as a revision and published. An existing page belongs to the editors: it is left
exactly as it is, unless ``overwrite`` is set (``load_demo --reset``); then it is compared field by
field and gets a new revision only when something differs, so a second reset leaves the history
untouched.
"""

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from django.db import models
from wagtail.fields import StreamField
from wagtail.log_actions import log
from wagtail.models import Locale, Page


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


class DemoPageConflict(Exception):
    """A page with the wanted slug exists but is of another type."""


# A link list: the name of the child relation, the name of the link's target field, the targets.
Links = Mapping[str, tuple[str, Iterable[Page]]]


def page_ensure(
    *,
    parent: Page,
    model: type[Page],
    slug: str,
    fields: Mapping[str, Any],
    create_only: Mapping[str, Any] | None = None,
    tags: Iterable[str] | None = None,
    links: Links | None = None,
    overwrite: bool = False,
) -> tuple[Page, Outcome]:
    """The page of type ``model`` with ``slug`` under ``parent``; a new one holds ``fields``.

    An existing page is returned untouched (``Outcome.UNCHANGED``), whatever editors made of it,
    unless ``overwrite`` is set: then it is made to hold ``fields`` again and published.

    ``create_only`` values are set on a new page and never compared again: use it for values
    stamped at load time (a required date the facts do not give), which must not change on a
    later run. ``tags`` and ``links`` (ordered inline links to other pages) are compared and set
    like fields.
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing is None:
        page = model(slug=slug, live=False, **(create_only or {}))
        _apply(page, fields=fields, tags=tags, links=links)
        parent.add_child(instance=page)
        log(instance=page, action="wagtail.create", content_changed=True)
        # add_child has just validated the page; no need to validate it again for the revision.
        page.save_revision(clean=False).publish()
        return page, Outcome.CREATED

    page = existing.specific
    if not isinstance(page, model):
        raise DemoPageConflict(
            f"'{parent.title}' already has a page with the slug '{slug}' of another type "
            f"({page.specific_class._meta.verbose_name}, where the demo needs: "
            f"{model._meta.verbose_name}). Rename or move it, then run the loader again."
        )
    if not overwrite:
        return page, Outcome.UNCHANGED
    return page, _page_update(page, fields=fields, tags=tags, links=links)


def page_translation_ensure(
    *,
    source: Page,
    locale: Locale,
    fields: Mapping[str, Any],
    tags: Iterable[str] | None = None,
    links: Links | None = None,
    overwrite: bool = False,
) -> tuple[Page, Outcome]:
    """The translation of ``source`` into ``locale``; a new one holds ``fields``.

    A missing translation is made the way the admin's "Translate" action makes it
    (``copy_for_translation``, which also adds missing parents as aliases), then filled in and
    published. An existing translation is left as it is unless ``overwrite`` is set, as in
    ``page_ensure``.
    """
    translation = source.get_translation_or_none(locale)
    if translation is None:
        page = source.copy_for_translation(locale, copy_parents=True, alias=False)
        _apply(page, fields=fields, tags=tags, links=links)
        page.save_revision(log_action=True).publish()
        return page, Outcome.CREATED
    if not overwrite:
        return translation.specific, Outcome.UNCHANGED
    return translation.specific, _page_update(
        translation.specific, fields=fields, tags=tags, links=links
    )


def _page_update(page: Page, *, fields, tags, links) -> Outcome:
    changed = _apply(page, fields=fields, tags=tags, links=links)
    if not changed and page.live:
        return Outcome.UNCHANGED
    page.save_revision(log_action=True).publish()
    return Outcome.UPDATED


def _apply(page: Page, *, fields, tags, links) -> bool:
    """Set what differs on ``page`` (in memory) and say whether anything did."""
    changed = False
    for name, value in fields.items():
        field = page._meta.get_field(name)
        if isinstance(field, StreamField):
            value = _stream_value(field, value)
        if _differs(page, field, value):
            setattr(page, name, value)
            changed = True
    if tags is not None:
        wanted = sorted(tags)
        if sorted(page.tags.names()) != wanted:
            page.tags.set(wanted)
            changed = True
    for relation, (target, pages) in (links or {}).items():
        wanted_ids = [linked.pk for linked in pages]
        current_ids = [getattr(row, f"{target}_id") for row in getattr(page, relation).all()]
        if current_ids != wanted_ids:
            link_model = getattr(type(page), relation).rel.related_model
            setattr(
                page,
                relation,
                [
                    link_model(**{f"{target}_id": pk, "sort_order": position})
                    for position, pk in enumerate(wanted_ids)
                ],
            )
            changed = True
    return changed


def _differs(page: Page, field: models.Field, value: Any) -> bool:
    current = getattr(page, field.name)
    if isinstance(field, StreamField):
        return _stream_prep(field, current) != _stream_prep(field, value)
    if field.is_relation:
        wanted_id = value.pk if isinstance(value, models.Model) else value
        return getattr(page, field.attname) != wanted_id
    return field.get_prep_value(current) != field.get_prep_value(value)


def _stream_value(field: StreamField, raw):
    """``raw`` (the JSON form) as a fully converted StreamValue, so it is stored normalised."""
    value = field.to_python(raw)
    # A StreamValue converts its raw blocks lazily and stores untouched ones as given; reading
    # each block once makes the stored form the same as the admin's.
    for _block in value:
        pass
    return value


def _stream_prep(field: StreamField, value) -> list:
    """The stored form of a stream without its block ids, which differ between two saves."""
    return _without_ids(field.stream_block.get_prep_value(_stream_value(field, value)))


def _without_ids(data):
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    if isinstance(data, dict):
        is_block = "type" in data and "value" in data
        return {
            key: _without_ids(item) for key, item in data.items() if not (is_block and key == "id")
        }
    return data
