"""An organization's tags and response templates.

Tag names are unique per organization (case-insensitively): a `TAGNAME#` item holds each name
in use, written in the same transaction as the tag, so two people creating "VIP" at once get
one tag and one 409. Conversations keep tag ids only, so a rename shows everywhere at once and
a deleted tag disappears from every conversation the moment its item is gone.
"""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from switchboard.errors import Conflict, NotFound
from switchboard.models import Tag, Template
from switchboard.store import keys
from switchboard.store.connection import dynamo_connection
from switchboard.store.table import TagItem, TemplateItem


def _name_sk(name: str) -> str:
    return f"TAGNAME#{name.casefold()}"


def _tag_sk(tag_id: str) -> str:
    return f"TAG#{tag_id}"


def _tag(org_id: str, item: TagItem) -> Tag:
    return Tag(org_id=org_id, tag_id=item.tag_id, name=item.name)


class TagRepository:
    def create(self, tag: Tag, created_at) -> Tag:
        pk = keys.org_pk(tag.org_id)
        try:
            with TransactWrite(connection=dynamo_connection()) as tx:
                tx.save(TagItem(pk, _tag_sk(tag.tag_id), tag_id=tag.tag_id, name=tag.name, created_at=created_at),
                        condition=TagItem.PK.does_not_exist())
                tx.save(TagItem(pk, _name_sk(tag.name), tag_id=tag.tag_id, name=tag.name),
                        condition=TagItem.PK.does_not_exist())
        except TransactWriteError:
            raise Conflict(f"a tag named {tag.name!r} already exists", code="tag_name_taken") from None
        return tag

    def get(self, org_id: str, tag_id: str) -> Tag:
        try:
            return _tag(org_id, TagItem.get(keys.org_pk(org_id), _tag_sk(tag_id), consistent_read=True))
        except DoesNotExist:
            raise NotFound(f"tag {tag_id} not found") from None

    def list(self, org_id: str) -> list[Tag]:
        found = [_tag(org_id, i) for i in TagItem.query(keys.org_pk(org_id), TagItem.SK.startswith("TAG#"))]
        return sorted(found, key=lambda t: t.name.casefold())

    def names(self, org_id: str) -> dict[str, str]:
        return {t.tag_id: t.name for t in self.list(org_id)}

    def rename(self, org_id: str, tag_id: str, name: str) -> Tag:
        current = self.get(org_id, tag_id)
        if current.name == name:
            return current
        pk = keys.org_pk(org_id)
        same_name = current.name.casefold() == name.casefold()  # only the spelling changes
        try:
            with TransactWrite(connection=dynamo_connection()) as tx:
                tx.update(TagItem(pk, _tag_sk(tag_id)), actions=[TagItem.name.set(name)],
                          condition=TagItem.name == current.name)
                if same_name:
                    tx.update(TagItem(pk, _name_sk(name)), actions=[TagItem.name.set(name)],
                              condition=TagItem.tag_id == tag_id)
                else:
                    tx.delete(TagItem(pk, _name_sk(current.name)), condition=TagItem.tag_id == tag_id)
                    tx.save(TagItem(pk, _name_sk(name), tag_id=tag_id, name=name), condition=TagItem.PK.does_not_exist())
        except TransactWriteError as error:
            reasons = [r.code if r else None for r in (error.cancellation_reasons or [])]
            if reasons and reasons[0] == "ConditionalCheckFailed":
                raise Conflict("the tag changed meanwhile; try again", code="concurrent_update") from None
            raise Conflict(f"a tag named {name!r} already exists", code="tag_name_taken") from None
        return current.model_copy(update={"name": name})

    def delete(self, org_id: str, tag_id: str) -> None:
        current = self.get(org_id, tag_id)
        pk = keys.org_pk(org_id)
        with TransactWrite(connection=dynamo_connection()) as tx:
            tx.delete(TagItem(pk, _tag_sk(tag_id)))
            tx.delete(TagItem(pk, _name_sk(current.name)), condition=TagItem.tag_id == tag_id)


class TemplateRepository:
    def create(self, template: Template) -> Template:
        TemplateItem(
            keys.org_pk(template.org_id), f"TPL#{template.template_id}", template_id=template.template_id,
            name=template.name, texts=dict(template.texts), created_at=template.created_at,
        ).save(condition=TemplateItem.PK.does_not_exist())
        return template

    def get(self, org_id: str, template_id: str) -> Template:
        try:
            item = TemplateItem.get(keys.org_pk(org_id), f"TPL#{template_id}")
        except DoesNotExist:
            raise NotFound(f"template {template_id} not found") from None
        return _template(org_id, item)

    def list(self, org_id: str) -> list[Template]:
        found = [_template(org_id, i) for i in TemplateItem.query(keys.org_pk(org_id), TemplateItem.SK.startswith("TPL#"))]
        return sorted(found, key=lambda t: t.name.casefold())


def _template(org_id: str, item: TemplateItem) -> Template:
    texts = item.texts.as_dict() if item.texts is not None else {}
    return Template(org_id=org_id, template_id=item.template_id, name=item.name, texts=texts,
                    created_at=item.created_at)
