"""Email through SES."""

from __future__ import annotations

from switchboard.adapters.aws import client


class Mailer:
    def __init__(self, sender: str) -> None:
        self._sender = sender

    def send(self, to: list[str], subject: str, body: str) -> None:
        client("ses").send_email(
            Source=self._sender,
            Destination={"ToAddresses": to},
            Message={"Subject": {"Data": subject, "Charset": "UTF-8"}, "Body": {"Text": {"Data": body, "Charset": "UTF-8"}}},
        )
