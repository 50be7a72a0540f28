"""Ticket actions told to the marketplace before the conversation changes here.

Closing, reopening, appealing or refunding a marketplace ticket in Switchboard means nothing unless the
marketplace does it too, and the marketplace may refuse (a permanently closed ticket cannot be re-opened).
So the use case asks the marketplace first, inside its attempt: a refusal (409 `marketplace_refused`) or
an outage (503 `marketplace_unavailable`) leaves the conversation as it was, and the agent sees why.
"""

from __future__ import annotations

from switchboard.channels.marketplaces.base import TicketAction
from switchboard.models import Conversation


class TicketDesk:
    def __init__(self, connections, connectors: dict) -> None:
        """`connectors`: channel -> (connector, token keeper) for each marketplace whose tickets we act on."""
        self._connections = connections
        self._connectors = connectors

    def _tell(self, conv: Conversation, use) -> None:
        found = self._connectors.get(conv.channel)
        if found is None or not conv.ticket_id:
            return  # not a marketplace ticket: nothing to tell anyone
        connector, tokens = found
        connection = self._connections.get(conv.org_id, conv.connection_id)
        tokens.call(connection, lambda token: use(connector, token))

    def closing(self, conv: Conversation, closed: Conversation) -> None:
        """The ticket closes there too; a refund recorded by this close refunds its orders first."""
        refunded = closed.refund.item_ids if closed.refund and not conv.refund else []

        def close(connector, token: str) -> None:
            if refunded:
                connector.refund(token, refunded)
            connector.act(token, conv.ticket_id, TicketAction.CLOSE)

        self._tell(conv, close)

    def reopening(self, conv: Conversation) -> None:
        self._tell(conv, lambda connector, token: connector.act(token, conv.ticket_id, TicketAction.REOPEN))

    def appealing(self, conv: Conversation) -> None:
        self._tell(conv, lambda connector, token: connector.act(token, conv.ticket_id, TicketAction.APPEAL))
