"""Asynchronous invocations that fail for good are kept, not dropped: the template gives every function invoked
asynchronously (EventBridge rules, schedules) an on-failure queue, and the local stack honours it."""

from __future__ import annotations

import json

import pytest
from cfnlint.decode import decode

from local.event_sources import AsyncInvoker
from local.runtime import HandlerError
from tests.moto_env import ROOT

# Event sources from which Lambda is invoked asynchronously (Lambda developer guide, "Invoking a Lambda function
# asynchronously"); SQS, HTTP APIs and Step Functions tasks invoke synchronously.
ASYNC_EVENTS = {"EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2", "SNS", "S3", "CloudWatchLogs", "IoTRule"}
# Of those, the ones whose own delivery can fail before Lambda has the event, and that take a dead-letter queue.
DELIVERING_EVENTS = {"EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2"}


def _template() -> dict:
    template, problems = decode(str(ROOT / "template.yaml"))
    assert not problems
    return template


def _queue(template: dict, arn) -> str:
    """The logical id of the template's queue that `arn` (a GetAtt of its Arn) names."""
    assert isinstance(arn, dict) and "Fn::GetAtt" in arn, arn
    lid, attribute = arn["Fn::GetAtt"]
    assert attribute == "Arn" and template["Resources"][lid]["Type"] == "AWS::SQS::Queue", arn
    return lid


def _async_functions(template: dict) -> dict[str, dict]:
    return {
        lid: r for lid, r in template["Resources"].items()
        if r["Type"] == "AWS::Serverless::Function"
        and any(e["Type"] in ASYNC_EVENTS for e in (r["Properties"].get("Events") or {}).values())
    }


def test_every_function_invoked_asynchronously_keeps_what_fails_in_a_queue():
    # Given the template
    template = _template()
    functions = _async_functions(template)
    assert "NotifyFunction" in functions

    for lid, function in functions.items():
        # Then an invocation its function failed after Lambda's retries goes to a queue (SAM grants the role the
        # sqs:SendMessage it needs from this)
        config = function["Properties"]["EventInvokeConfig"]
        on_failure = config["DestinationConfig"]["OnFailure"]
        assert on_failure["Type"] == "SQS", lid
        queue = _queue(template, on_failure["Destination"])
        assert config.get("MaximumRetryAttempts", 2) >= 1, lid
        # And each event source that delivers it keeps what it could not deliver in that queue too
        for name, event in function["Properties"]["Events"].items():
            if event["Type"] in DELIVERING_EVENTS:
                assert _queue(template, event["Properties"]["DeadLetterConfig"]["Arn"]) == queue, (lid, name)
            if event["Type"] in ("EventBridgeRule", "CloudWatchEvent"):
                # EventBridge sends to a dead-letter queue as itself, so the queue's policy must let it
                assert _lets_eventbridge_send(template, queue), (lid, name)
        # And an alarm watches the queue
        assert _alarm_on(template, queue), lid


def _lets_eventbridge_send(template: dict, queue: str) -> bool:
    for r in template["Resources"].values():
        if r["Type"] != "AWS::SQS::QueuePolicy" or {"Ref": queue} not in r["Properties"]["Queues"]:
            continue
        for statement in r["Properties"]["PolicyDocument"]["Statement"]:
            if (statement["Effect"] == "Allow" and statement["Principal"] == {"Service": "events.amazonaws.com"}
                    and statement["Action"] in ("sqs:SendMessage", ["sqs:SendMessage"])
                    and statement["Resource"] == {"Fn::GetAtt": [queue, "Arn"]} and "Condition" in statement):
                return True
    return False


def _alarm_on(template: dict, queue: str) -> bool:
    return any(
        r["Type"] == "AWS::CloudWatch::Alarm" and r["Properties"]["Namespace"] == "AWS/SQS"
        and {"Name": "QueueName", "Value": {"Fn::GetAtt": [queue, "QueueName"]}} in r["Properties"]["Dimensions"]
        for r in template["Resources"].values()
    )


def test_the_notify_digest_schedule_gives_up_within_the_hour_the_next_run_covers():
    # Given the hourly digest schedule / Then a run Scheduler could not deliver is not retried past the next one
    schedule = _template()["Resources"]["NotifyFunction"]["Properties"]["Events"]["HourlyDigest"]["Properties"]
    assert schedule["ScheduleExpression"] == "rate(1 hour)"
    assert schedule["RetryPolicy"]["MaximumEventAgeInSeconds"] <= 3600


@pytest.fixture
def failure_queue(aws):
    import boto3

    sqs = boto3.client("sqs")
    url = aws.queue_urls(include_dead_letter=True)["FailureQueue"]
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages"):
        for m in messages:  # left by another test (PurgeQueue is allowed once a minute)
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    return sqs, url


def test_the_local_stack_retries_a_failing_asynchronous_invocation_then_keeps_its_record_in_the_queue(aws, failure_queue):
    # Given the local stack's asynchronous invoke of the template's Notify function, whose handler always fails
    sqs, url = failure_queue
    calls = []

    def failing(function, event):
        calls.append(function)
        raise HandlerError(function, RuntimeError("SES is down"))

    invoke_async = AsyncInvoker(_template(), aws.resolver(), failing, sqs)
    event = {"kind": "digest"}

    # When the schedule invokes it
    invoke_async("NotifyFunction", event)

    # Then it was tried three times (two retries), and Lambda's invocation record is in the on-failure queue
    assert calls == ["NotifyFunction"] * 3
    (message,) = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    record = json.loads(message["Body"])
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert record["requestContext"]["functionArn"].endswith(":$LATEST")
    assert record["requestPayload"] == event
    assert record["responsePayload"]["errorMessage"] == "SES is down"
    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    # And the queue is one the stack's drain does not wait on (nothing consumes it, as in AWS)
    assert "FailureQueue" not in aws.queue_urls()


def test_the_local_stack_invokes_once_when_the_first_try_succeeds(aws, failure_queue):
    # Given a Notify handler that succeeds / When invoked asynchronously / Then once, and nothing is kept
    sqs, url = failure_queue
    calls = []
    AsyncInvoker(_template(), aws.resolver(), lambda f, e: calls.append(f), sqs)("NotifyFunction", {})
    assert calls == ["NotifyFunction"]
    assert "Messages" not in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
