"""Issue 10, points 6 and 7, on serialized moto: replies sent at the same moment are each stored once, in
one order, and delivered once in that order through the outbound queue (consumed as Lambda's event source
does, by several consumers at once); a failed message is re-queued by exactly one of many retries."""

from __future__ import annotations

import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import boto3
import pytest

from local.event_sources import Activity, Poller, SqsSource, sqs_batch_processor
from switchboard import wiring
from switchboard.adapters.http import HttpResponse
from switchboard.api.assignment import routing_deps
from switchboard.conversations import optimistic
from switchboard.conversations.reply import outbound_message
from switchboard.delivery.deliver import DeliverDeps, RetryLater, deliver
from switchboard.errors import ConcurrentUpdate
from switchboard.models import Channel
from switchboard.routing.assign import assign_conversation
from switchboard.settings import settings
from tests.e2e.channels import zalo_text
from tests.integration.support import Context, claims_for, container, http_event, invoke, new_org, with_terms


IDLE_S = 0.01


class ZaloSendApi:
    """Zalo's send API: records what each user was sent, and refuses the next `refuse` messages."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.refuse = 0
        self.refusal = HttpResponse(200, {"error": -213, "message": "User has not followed OA"})
        self._lock = threading.Lock()

    def post(self, request):
        with self._lock:
            if self.refuse:
                self.refuse -= 1
                return self.refusal
            self.sent.append((request.body["recipient"]["user_id"], request.body["message"].get("text")))
            return HttpResponse(200, {"error": 0, "data": {"message_id": f"z-{len(self.sent)}"}})

    def sent_to(self, user: str) -> list[str]:
        with self._lock:
            return [text for recipient, text in self.sent if recipient == user]


@pytest.fixture
def moto_paced(monkeypatch):
    """The retry budget is wall time sized for DynamoDB (a request in milliseconds); serialized moto on
    a busy two-core machine answers a hundred times slower, so 30 writers get a budget to match."""
    monkeypatch.setattr(optimistic, "BUDGET_SECONDS", 120.0)


@pytest.fixture
def zalo(aws, monkeypatch):
    api = ZaloSendApi()
    monkeypatch.setattr(wiring, "http_sender", lambda: api)
    _forget_queued()  # earlier tests' replies, which nobody delivered
    return api


def _forget_queued() -> None:
    sqs, url = boto3.client("sqs"), settings().outbound_queue_url
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        for message in messages:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def _customer_writes(oa_id: str, user: str) -> str:
    body, headers = zalo_text(app_id="app", secret="secret", oa_id=oa_id, user_id=user, text="Còn hàng không?")
    response = invoke("ingest", http_event("POST", "/webhooks/zalo", body=body, headers=headers))
    assert response["statusCode"] == 200, response
    conversation_id = json.loads(response["body"])["conversation_ids"][0]
    org_id = wiring.conversations().find(conversation_id).org_id
    assign_conversation(org_id, conversation_id, routing_deps())  # what the Assign function does from its queue
    return conversation_id


def _reply_event(agent, conversation_id: str, text: str) -> dict:
    return http_event("POST", f"/conversations/{conversation_id}/messages", route="/conversations/{conversation_id}/messages",
                      path_params={"conversation_id": conversation_id}, claims=claims_for(agent), body={"text": text})


def _retry_event(agent, conversation_id: str, message_id: str) -> dict:
    route = "/conversations/{conversation_id}/messages/{message_id}/retry"
    return http_event("POST", f"/conversations/{conversation_id}/messages/{message_id}/retry", route=route,
                      path_params={"conversation_id": conversation_id, "message_id": message_id}, claims=claims_for(agent))


def _at_once(requests: list[dict], function: str) -> list[dict]:
    """Every request in its own container, all let go at the same moment."""
    containers = [container(function) for _ in requests]
    start = threading.Barrier(len(requests))

    def run(i: int) -> dict:
        start.wait()
        return containers[i].lambda_handler(requests[i], Context())

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(run, range(len(requests))))


def _outbound(conversation_id: str):
    page, _ = wiring.conversations().messages(conversation_id, limit=200, cursor=None)
    return [m for m in page if m.direction == "out"]


def _deliver_everything(consumers: int) -> None:
    """The Deliver function fed by the outbound queue, `consumers` batches at a time, until the queue is empty."""
    sqs = boto3.client("sqs")
    url = settings().outbound_queue_url
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    source = SqsSource(function="DeliverFunction", queue_url=url, queue_arn=arn, batch_size=10, report_failures=True)

    def left() -> int:
        attributes = sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
        )["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])

    def consume() -> None:
        function = container("deliver")
        process = sqs_batch_processor(source, lambda _name, event: function.lambda_handler(event, Context()))
        poller = Poller("deliver", boto3.client("sqs"), url, source.batch_size, Activity(), process)
        while left():
            if not poller.poll_once():
                idle.wait(IDLE_S)  # this conversation's group is with another consumer

    idle = threading.Event()
    with ThreadPoolExecutor(max_workers=consumers) as pool:
        for done in [pool.submit(consume) for _ in range(consumers)]:
            done.result()


@pytest.mark.parametrize("replies", [10, 30])
def test_replies_sent_at_the_same_moment_are_stored_once_each_and_delivered_once_in_the_threads_order(
    aws, clock, zalo, moto_paced, replies
):
    # Given a customer waiting for An's answer, on an OA that may send more than its 8 free replies
    owner, (an,), oa, oa_id = new_org(1)
    with_terms(oa, consultation_messages=True)
    user = f"u-{uuid.uuid4().hex[:8]}"
    conversation_id = _customer_writes(oa_id, user)
    texts = [f"Dạ, tin {i}" for i in range(replies)]

    # When An's consoles send every reply at the same moment
    answers = _at_once([_reply_event(an, conversation_id, text) for text in texts], "reply")

    # Then every one is accepted, none refused for a race
    assert [a["statusCode"] for a in answers] == [201] * replies, [a["body"] for a in answers if a["statusCode"] != 201]
    # And the thread holds each once, in one order
    thread = _outbound(conversation_id)
    assert sorted(m.text for m in thread) == sorted(texts)
    assert {m.message_id for m in thread} == {json.loads(a["body"])["message_id"] for a in answers}
    # And the conversation was answered once: awaiting the customer, An's load counted once
    conv = wiring.conversations().get(owner.org_id, conversation_id)
    assert conv.status.value == "awaiting_customer" and conv.waiting_since is None
    assert wiring.agents().get(owner.org_id, an.agent_id).load == 1

    # When delivery runs, three consumers at once as Lambda scales out
    _deliver_everything(consumers=3)

    # Then the customer received each once, in the thread's order, and each shows as sent

    assert zalo.sent_to(user) == [m.text for m in thread]
    assert [m.status for m in _outbound(conversation_id)] == ["sent"] * replies


def test_one_of_many_retries_of_a_failed_message_queues_it_and_it_is_delivered_once(aws, clock, zalo, moto_paced):
    # Given a reply Zalo refused, so it is marked failed
    owner, (an,), _, oa_id = new_org(1)
    user = f"u-{uuid.uuid4().hex[:8]}"
    conversation_id = _customer_writes(oa_id, user)
    zalo.refuse = 1
    assert invoke("reply", _reply_event(an, conversation_id, "Đơn đã gửi"))["statusCode"] == 201
    _deliver_everything(consumers=1)
    [failed] = _outbound(conversation_id)
    assert failed.status == "failed" and zalo.sent_to(user) == []

    # When ten consoles retry it at the same moment
    answers = _at_once([_retry_event(an, conversation_id, failed.message_id) for _ in range(10)], "reply")

    # Then exactly one queues it again, the others are told it is not failed
    assert sorted(a["statusCode"] for a in answers) == [202] + [409] * 9
    assert {json.loads(a["body"])["error"]["code"] for a in answers if a["statusCode"] == 409} == {"not_failed"}
    # And it is delivered once, and shows as sent
    _deliver_everything(consumers=2)
    assert zalo.sent_to(user) == ["Đơn đã gửi"]
    assert [m.status for m in _outbound(conversation_id)] == ["sent"]


# ------------------------------------------------------------------ the order delivery keeps


def _two_replies(an, conversation_id: str):
    first, second = (json.loads(invoke("reply", _reply_event(an, conversation_id, text))["body"])["message_id"]
                     for text in ("first", "second"))
    return [wiring.conversations().find_message(conversation_id, message_id) for message_id in (first, second)]


def _deliver(conversation_id: str, message, attempt: int = 1) -> str:
    return deliver(conversation_id, message.sort_key, attempt=attempt, max_attempts=5, deps=DeliverDeps(
        conversations=wiring.conversations(), connections=wiring.connections(), secrets=wiring.secret_store(),
        sender=wiring.http_sender(), base_urls={Channel.ZALO: "https://zalo.example"}))


def test_the_record_of_a_later_message_sends_the_earlier_queued_one_first(aws, clock, zalo):
    # Given two replies, the second's queue record arriving first (each is sent after its own write)
    owner, (an,), _, oa_id = new_org(1)
    user = f"u-{uuid.uuid4().hex[:8]}"
    conversation_id = _customer_writes(oa_id, user)
    first, second = _two_replies(an, conversation_id)
    assert first.sort_key < second.sort_key

    # When the second's record is delivered, then the first's
    # Then the channel gets both in the thread's order, each once
    assert _deliver(conversation_id, second) == "sent"
    assert _deliver(conversation_id, first) == "skipped"
    assert zalo.sent_to(user) == ["first", "second"]
    assert [m.status for m in _outbound(conversation_id)] == ["sent", "sent"]


def test_a_channel_failure_keeps_the_order_and_a_last_refusal_lets_the_next_go(aws, clock, zalo):
    # Given two queued replies, and Zalo answering 503 to the next send
    owner, (an,), _, oa_id = new_org(1)
    user = f"u-{uuid.uuid4().hex[:8]}"
    conversation_id = _customer_writes(oa_id, user)
    first, second = _two_replies(an, conversation_id)
    zalo.refuse, zalo.refusal = 1, HttpResponse(503, {})

    # When the second's record is delivered / Then it is left on the queue, nothing sent out of order
    with pytest.raises(RetryLater):
        _deliver(conversation_id, second)
    assert zalo.sent_to(user) == [] and [m.status for m in _outbound(conversation_id)] == ["queued", "queued"]

    # When its last attempt meets a 503 again / Then the first is failed (retryable later), the second goes on
    zalo.refuse = 1
    assert _deliver(conversation_id, second, attempt=5) == "sent"
    assert zalo.sent_to(user) == ["second"]
    assert [m.status for m in _outbound(conversation_id)] == ["failed", "sent"]


def test_an_agent_message_keyed_before_the_latest_one_is_not_stored(aws, clock):
    # Given an answered conversation whose latest agent message is keyed at the clock's now
    owner, (an,), _, oa_id = new_org(1)
    conversation_id = _customer_writes(oa_id, f"u-{uuid.uuid4().hex[:8]}")
    assert invoke("reply", _reply_event(an, conversation_id, "first"))["statusCode"] == 201
    conv = wiring.conversations().get(owner.org_id, conversation_id)
    late = outbound_message(conv.model_copy(update={"last_outbound_key": None}), an, "late", [],
                            clock.now() - timedelta(seconds=1))

    # When a reply that read the conversation earlier tries to append a message keyed before it
    # Then the write refuses it (it would be delivered out of the thread's order), nothing is stored
    with pytest.raises(ConcurrentUpdate):
        wiring.conversations().append_outbound(conv, late)
    assert [m.text for m in _outbound(conversation_id)] == ["first"]
