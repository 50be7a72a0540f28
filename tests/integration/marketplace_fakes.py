"""A marketplace fake of local/ served over HTTP on a free port, as the connectors' contract tests use it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import make_server
from werkzeug.wrappers import Request

from switchboard import wiring


@contextmanager
def served(fake, channel: str) -> Iterator[object]:
    """`fake` answering at `fake.url`; afterwards the stores polled against it leave the poll (other tests'
    scheduled polls must not visit them)."""
    server = make_server("127.0.0.1", 0, lambda env, start: fake.handle(Request(env))(env, start), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        thread.join(timeout=5)
        for store in wiring.marketplace_stores().stores(channel):
            wiring.marketplace_stores().forget(channel, store.connection_id)


class ConnectedShop:
    """A marketplace shop connected through the connector's code exchange, with the collaborators its push,
    poll and replies use; its fake hands each push straight to ingest (as API Gateway would)."""

    def __init__(self, fake, clock, connector, adapter, *, shop_id: str, name: str, credentials: dict[str, str],
                 push_headers: dict[str, str] | None = None) -> None:
        from switchboard.channels.marketplaces.authorize import authorized_credentials
        from switchboard.channels.marketplaces.tokens import TokenKeeper
        from switchboard.connections import connect_channel
        from switchboard.inbound.ingest import IngestDeps
        from switchboard.models import ConnectionMode
        from tests.integration.support import new_org

        self.fake, self.clock, self.connector, self.adapter = fake, clock, connector, adapter
        self.channel, self.shop_id, self.base_credentials = connector.channel, shop_id, credentials
        self.push_headers = push_headers or {}
        self.tokens = TokenKeeper(connector, wiring.secret_store(), clock)
        self.connectors = {self.channel: (connector, self.tokens)}
        self.owner, _, _, _ = new_org(1)
        self.connection = connect_channel(
            self.owner, channel=self.channel, name=name, external_id=shop_id,
            credentials=authorized_credentials(self.channel, credentials, self.connectors), mode=ConnectionMode.SHARED,
            rule_id=None, connections=wiring.connections(), rules=wiring.rules(), secrets=wiring.secret_store(),
            clock=clock)
        wiring.marketplace_stores().register(self.channel.value, self.owner.org_id, self.connection.connection_id)
        self.ingest = IngestDeps(directory=wiring.directory(), conversations=wiring.conversations(),
                                 assign_queue=wiring.assign_queue(), clock=clock, max_body_bytes=256 * 1024,
                                 stats=wiring.stats())
        self.received: list[dict] = []
        fake.deliver = self.receive_push

    def credentials(self, **more) -> dict[str, str]:
        return {**{k: v for k, v in self.base_credentials.items() if k != "code"}, **more}

    def receive_push(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        """What API Gateway hands the ingest function for the marketplace's POST to our webhook."""
        from switchboard.channels.base import WebhookRequest
        from switchboard.inbound.ingest import ingest_webhook

        request = WebhookRequest(method="POST", body=body, headers={
            **self.push_headers, **{k.lower(): v for k, v in headers.items()}})
        self.received.extend(r.model_dump() for r in ingest_webhook(request, self.adapter, self.ingest))
        return 200

    def poll(self):
        from switchboard.channels.marketplaces.sync import catch_up

        store = next(s for s in wiring.marketplace_stores().stores(self.channel.value)
                     if s.connection_id == self.connection.connection_id)
        return catch_up(store, self.connection, connector=self.connector, tokens=self.tokens,
                        stores=wiring.marketplace_stores(), ingest=self.ingest, clock=self.clock)

    def conversation(self, contact: str):
        from switchboard.ids import contact_id_for, conversation_id_for

        return wiring.conversations().find(conversation_id_for(contact_id_for(self.connection.connection_id, contact)))

    def texts(self, contact: str) -> list[str]:
        conv = self.conversation(contact)
        if conv is None:
            return []
        messages, _ = wiring.conversations().messages(conv.conversation_id, limit=50, cursor=None)
        return [m.text for m in messages]

    def cards(self, contact: str) -> list:
        """The cards of the contact's conversation's messages, oldest first (None for a message without one)."""
        messages, _ = wiring.conversations().messages(self.conversation(contact).conversation_id, limit=50, cursor=None)
        return [m.card for m in messages]

    def secret(self) -> dict:
        return wiring.secret_store().get(self.connection.connection_id, fresh=True).values

    def reply(self, recipient: str, text: str | None, attachments=(), card=None, reply_to=None) -> str:
        from switchboard.adapters.http import HttpSender
        from switchboard.channels.base import OutboundMessage, send_message

        secrets = wiring.secret_store().get(self.connection.connection_id, fresh=True)
        message = OutboundMessage(recipient=recipient, text=text, attachments=list(attachments), message_id="m1",
                                  card=card, reply_to=reply_to)
        return send_message(self.adapter, self.connection, secrets, message, self.fake.url, HttpSender().post)
