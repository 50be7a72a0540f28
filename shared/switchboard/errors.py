"""Typed domain errors. Each carries its HTTP status and machine code; one place maps them to answers."""

from __future__ import annotations


class SwitchboardError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class MalformedRequest(SwitchboardError):
    status, code = 400, "malformed_request"


class Unauthenticated(SwitchboardError):
    status, code = 401, "unauthorized"


class BadSignature(SwitchboardError):
    status, code = 401, "bad_signature"


class Forbidden(SwitchboardError):
    status, code = 403, "forbidden"


class NotFound(SwitchboardError):
    status, code = 404, "not_found"


class Conflict(SwitchboardError):
    status, code = 409, "conflict"


class PayloadTooLarge(SwitchboardError):
    status, code = 413, "payload_too_large"


class InvalidFields(SwitchboardError):
    status, code = 422, "validation_error"


class NotImplementedHere(SwitchboardError):
    status, code = 501, "not_available"


class ServiceUnavailable(SwitchboardError):
    """An outside service (Translate, S3) is throttling or failing: nothing wrong with the request, retry later."""

    status, code = 503, "service_unavailable"


class ConcurrentUpdate(Conflict):
    """A conditional write lost to another writer; callers usually re-read and retry."""

    code = "concurrent_update"


class OutsideMessagingWindow(Conflict):
    """The channel would refuse a message now (conversations/messaging_window.py): nothing is stored or queued."""

    code = "outside_messaging_window"

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason


class AccountConnectedElsewhere(Conflict):
    """A channel account (channel + external id) is connected by another organization."""

    code = "account_connected_elsewhere"


class VerifyTokenTaken(Conflict):
    """Meta's subscription handshake names only the verify token: one organization's pages use each."""

    code = "verify_token_taken"
class LastOwner(Conflict):
    """The change would leave the organization without an owner."""

    code = "last_owner"


class EmailTaken(Conflict):
    """Someone signs in with this email already (one email, one person, one organization)."""

    code = "email_taken"


class AgentAtCapacity(Conflict):
    code = "agent_at_capacity"


class AlreadyAssigned(Conflict):
    code = "already_assigned"


class ChannelRejected(SwitchboardError):
    """A channel send API refused or failed a delivery."""

    status, code = 502, "channel_error"

    def __init__(self, message: str, *, retryable: bool, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retryable = retryable


class WindowClosed(ChannelRejected):
    """The channel refused a reply because its messaging window is closed (Messenger 10/2018278, Zalo -230):
    recorded on the message as `outside_messaging_window`, for the messaging-window policy to use."""

    code = "outside_messaging_window"

    def __init__(self, message: str) -> None:
        super().__init__(message, retryable=False, code=self.code)


class RecipientUnavailable(ChannelRejected):
    """The customer cannot be sent to for good: blocked the page or OA, left, or the id names nobody."""

    code = "recipient_unavailable"

    def __init__(self, message: str) -> None:
        super().__init__(message, retryable=False, code=self.code)


class TokenExpired(ChannelRejected):
    """The channel says the access token expired or is invalid: refresh it and send once more."""

    code = "token_expired"

    def __init__(self, message: str) -> None:
        super().__init__(message, retryable=False, code=self.code)
