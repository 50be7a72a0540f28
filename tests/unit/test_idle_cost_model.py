"""The idle deployment's price (tests/bench/cost.py) counts what template.yaml holds, not a copy of it."""

from __future__ import annotations

from pathlib import Path

from cfnlint.decode import decode

from tests.bench import cost

ROOT = Path(__file__).resolve().parents[2]


def test_the_idle_price_counts_every_alarm_and_sqs_event_source_of_the_template():
    # Given the template
    template, _ = decode(str(ROOT / "template.yaml"))
    resources = template["Resources"].values()
    alarms = sum(1 for r in resources if r["Type"] == "AWS::CloudWatch::Alarm")

    # When an idle month is priced
    idle = cost.idle_monthly(cost.Prices.load())

    # Then each of its alarms is $0.10 and each SQS event source is polled by 2 pollers with 20 s long polls
    assert idle["assumptions"]["alarms"] == alarms
    assert idle["usd_by_component"]["cloudwatch_alarms"] == round(alarms * 0.1, 4)
    sources = idle["assumptions"]["sqs_event_sources"]
    assert sources == 2  # AssignQueue and OutboundQueue
    assert idle["usd_by_component"]["sqs_idle_polling"] == round(sources * 2 * 3 * cost.MINUTES_A_MONTH * 0.0000005, 4)
    # And the bound of 5 pollers per queue, which AWS states for idle standard queues, is priced beside it
    three_more_pollers = sources * 3 * 3 * cost.MINUTES_A_MONTH * 0.0000005
    assert abs(idle["usd_if_idle_sqs_mappings_keep_5_pollers"] - (idle["usd"] + three_more_pollers)) <= 0.01


def test_an_sqs_event_source_with_a_maximum_concurrency_is_priced_at_five_idle_pollers(tmp_path):
    # Given a template whose one SQS event source sets a maximum concurrency (which turns off the scale-back to 2)
    template = tmp_path / "template.yaml"
    template.write_text("""
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      CodeUri: .
      Events:
        Work:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue.Arn
            ScalingConfig: {MaximumConcurrency: 2}
""")

    # When an idle month is priced from it
    idle = cost.idle_monthly(cost.Prices.load(), counts=cost.template_counts(template))

    # Then its queue is polled by 5 pollers, 15 empty receives a minute, and nothing is alarmed
    assert idle["usd_by_component"]["sqs_idle_polling"] == round(15 * cost.MINUTES_A_MONTH * 0.0000005, 4)
    assert idle["usd_by_component"]["cloudwatch_alarms"] == 0
