"""Which text of a response template a reply uses."""

from __future__ import annotations

import pytest
from switchboard.conversations.templates import template_text
from switchboard.errors import InvalidFields
from switchboard.models import ContactSnapshot, Template

from tests.unit.builders import T0, conversation

GREETING = Template(org_id="org-1", template_id="tp-1", name="Greeting", texts={"en": "Hello!", "vi": "Xin chào!"},
                    created_at=T0)


def _for(language: str | None):
    conv = conversation("cv-1")
    return conv.model_copy(update={"contact": ContactSnapshot(contact_id="ct-1", channel_user_id="u-1", language=language)})


@pytest.mark.parametrize("picked,contact,expected", [
    ("en", "vi", "Hello!"),        # the agent's pick wins
    (None, "vi", "Xin chào!"),     # else the contact's language
    (None, "zh", "Hello!"),        # else the template's first language
    (None, None, "Hello!"),
])
def test_the_reply_text_follows_pick_then_contact_then_first(picked, contact, expected):
    # Given a template in English and Vietnamese / When a text is chosen / Then it is the expected one
    assert template_text(GREETING, picked, _for(contact)) == expected


def test_a_picked_language_the_template_lacks_is_refused():
    # Given a template without Chinese / When Chinese is picked / Then the reply is refused, not sent in another language
    with pytest.raises(InvalidFields) as refused:
        template_text(GREETING, "zh", _for("vi"))
    assert refused.value.code == "template_language_missing"
