"""Issue 4, points 1 and 4: tags across the organization, and response templates by language, over HTTP."""

from __future__ import annotations

from tests.e2e.shop import Shop


def test_tags_are_organization_wide_renamed_everywhere_at_once_and_deleted_from_every_conversation(api):
    # Given two conversations held by An
    shop = Shop(api, ["An"])
    conn = shop.shared(["An"])
    first, second = shop.write(conn), shop.write(conn)

    # When the owner creates two tags and An puts both on the first and one on the second
    vip = api.post("/tags", json={"name": "VIP"}, token=shop.owner)
    refund = api.post("/tags", json={"name": "refund"}, token=shop.owner)
    assert vip.status_code == 201 and refund.status_code == 201, vip.text
    vip_id, refund_id = vip.json()["tag_id"], refund.json()["tag_id"]
    for conversation_id, tag_id in ((first, vip_id), (first, refund_id), (second, vip_id)):
        tagged = api.put(f"/conversations/{conversation_id}/tags/{tag_id}", token=shop.token("An"))
        assert tagged.status_code == 200, tagged.text

    # Then both conversations show their tags, and the tag filter finds them
    assert {t["name"] for t in shop.conversation(first)["tags"]} == {"VIP", "refund"}
    tagged_vip = api.get(f"/conversations?view=mine&tag={vip_id}", token=shop.token("An")).json()["items"]
    assert {c["conversation_id"] for c in tagged_vip} == {first, second}

    # When the tag is renamed / Then every conversation shows the new name
    renamed = api.patch(f"/tags/{vip_id}", json={"name": "Gold"}, token=shop.owner)
    assert renamed.status_code == 200 and renamed.json()["name"] == "Gold"
    assert [t["name"] for t in shop.conversation(second)["tags"]] == ["Gold"]

    # When a tag is removed from one conversation, and the other tag is deleted
    assert api.delete(f"/conversations/{first}/tags/{refund_id}", token=shop.token("An")).status_code == 200
    assert api.delete(f"/tags/{vip_id}", token=shop.owner).status_code == 200

    # Then no conversation shows a deleted or removed tag, and the organization lists none
    assert shop.conversation(first)["tags"] == [] and shop.conversation(second)["tags"] == []
    assert [t["name"] for t in api.get("/tags", token=shop.owner).json()["items"]] == ["refund"]


def test_tag_names_are_unique_and_every_member_manages_tags(api):
    # Given a tag "VIP"
    shop = Shop(api, ["An"])
    assert api.post("/tags", json={"name": "VIP"}, token=shop.owner).status_code == 201
    other = api.post("/tags", json={"name": "Late"}, token=shop.owner).json()

    # When someone creates "vip" again, or renames another tag to it / Then 409
    duplicate = api.post("/tags", json={"name": "vip"}, token=shop.owner)
    assert duplicate.status_code == 409 and duplicate.json()["error"]["code"] == "tag_name_taken"
    assert api.patch(f"/tags/{other['tag_id']}", json={"name": "VIP "}, token=shop.owner).status_code == 409

    # When an agent creates a tag, applies it, renames it and deletes the owner's (seed 000: every member uses tags)
    conn = shop.shared(["An"])
    conversation_id = shop.write(conn)
    mine = api.post("/tags", json={"name": "Mine"}, token=shop.token("An"))
    assert mine.status_code == 201, mine.text
    tag_id = mine.json()["tag_id"]
    assert api.put(f"/conversations/{conversation_id}/tags/{tag_id}", token=shop.token("An")).status_code == 200
    renamed = api.patch(f"/tags/{tag_id}", json={"name": "Ours"}, token=shop.token("An"))
    assert renamed.status_code == 200 and renamed.json()["name"] == "Ours", renamed.text
    assert api.delete(f"/tags/{other['tag_id']}", token=shop.token("An")).status_code == 200

    # Then everyone sees the result
    assert [t["name"] for t in shop.conversation(conversation_id)["tags"]] == ["Ours"]
    assert sorted(t["name"] for t in api.get("/tags", token=shop.owner).json()["items"]) == ["Ours", "VIP"]

    # And unknown or foreign tags are 404
    elsewhere = Shop(api, [])
    assert api.delete(f"/tags/{tag_id}", token=elsewhere.owner).status_code == 404
    assert api.patch(f"/tags/{tag_id}", json={"name": "theirs"}, token=elsewhere.owner).status_code == 404
    assert api.put(f"/conversations/{conversation_id}/tags/tg_unknown", token=shop.token("An")).status_code == 404


def test_a_template_answers_in_the_contacts_language_or_the_one_picked(api):
    # Given a template in English and Vietnamese, and a Vietnamese-speaking contact with An
    shop = Shop(api, ["An"])
    conn = shop.shared(["An"])
    created = api.post("/templates", json={"name": "Greeting", "texts": {"en": "Hello!", "vi": "Xin chào!"}},
                       token=shop.owner)
    assert created.status_code == 201, created.text
    template_id = created.json()["template_id"]
    assert [t["name"] for t in api.get("/templates", token=shop.token("An")).json()["items"]] == ["Greeting"]
    conversation_id = shop.write(conn, language="vi")

    # When An replies with the template and no language, then with English picked
    default = api.post(f"/conversations/{conversation_id}/messages", json={"template_id": template_id},
                       token=shop.token("An"))
    picked = api.post(f"/conversations/{conversation_id}/messages", json={"template_id": template_id, "language": "en"},
                      token=shop.token("An"))

    # Then the first is in the contact's language, the second in English
    assert default.status_code == 201 and default.json()["text"] == "Xin chào!"
    assert picked.status_code == 201 and picked.json()["text"] == "Hello!"

    # And a language the template lacks is 422; an unknown template 404; agents cannot create templates
    missing = api.post(f"/conversations/{conversation_id}/messages", json={"template_id": template_id, "language": "zh"},
                       token=shop.token("An"))
    assert missing.status_code == 422 and missing.json()["error"]["code"] == "template_language_missing"
    assert api.post(f"/conversations/{conversation_id}/messages", json={"template_id": "tp_unknown"},
                    token=shop.token("An")).status_code == 404
    assert api.post("/templates", json={"name": "x", "texts": {"en": "x"}}, token=shop.token("An")).status_code == 403
