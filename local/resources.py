"""Creating the template's resources through the AWS APIs, from the template's own definitions.

Works with any boto3 clients: against the embedded moto server and under `moto.mock_aws`
(integration tests build their table this way, so template and code cannot drift apart).
Deploying through moto's CloudFormation is not an option: it supports neither the HTTP API
nor Scheduler and ignores DefinitionSubstitutions.

For state machine tasks to reach the local handlers, moto's Docker-less Lambda backend must
be active (`{"lambda": {"use_docker": False}}`) BEFORE the functions are created: that
backend keeps its own registry of functions.
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from local.template import (
    REGION,
    STACK_NAME,
    Resolver,
    Unresolved,
    parameter_values,
)

log = logging.getLogger("local.resources")

FUNCTION = "AWS::Serverless::Function"
STATE_MACHINE = "AWS::Serverless::StateMachine"


@dataclass
class Resources:
    """Physical ids by logical id: `refs` is what Ref returns, `attrs` what GetAtt returns."""

    stack_name: str
    parameters: dict[str, str]
    refs: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, dict[str, str]] = field(default_factory=dict)
    dead_letter_queues: set[str] = field(default_factory=set)

    def resolver(self) -> Resolver:
        return Resolver(self.parameters, self.refs, self.attrs, stack_name=self.stack_name)

    def ref(self, logical_id: str) -> str:
        return self.refs[logical_id]

    def get_att(self, logical_id: str, attribute: str) -> str:
        return self.attrs[logical_id][attribute]

    def queue_urls(self, include_dead_letter: bool = False) -> dict[str, str]:
        return {
            lid: a["QueueUrl"]
            for lid, a in self.attrs.items()
            if "QueueUrl" in a and (include_dead_letter or lid not in self.dead_letter_queues)
        }

    def function_by_physical_name(self, name_or_arn: str) -> str | None:
        """The logical id of the Lambda function named (or ARN'd) `name_or_arn`."""
        name = name_or_arn
        if name.startswith("arn:"):
            name = name.split(":function:", 1)[1].split(":", 1)[0]
        for lid, a in self.attrs.items():
            if a.get("FunctionName") == name:
                return lid
        return None


class _Placeholders(dict):
    """GetAtt of a resource not created locally: a stand-in value per attribute (`in` and get() stay
    those of an empty dict, so nothing mistakes it for a created resource)."""

    def __init__(self, logical_id: str) -> None:
        super().__init__()
        self.logical_id = logical_id

    def __missing__(self, attribute: str) -> str:
        return f"local-{self.logical_id.lower()}-{attribute.lower()}"


ClientFactory = Callable[[str], Any]


def _client_factory(session_or_clients: Any) -> ClientFactory:
    if session_or_clients is None:
        import boto3

        return lambda name: boto3.client(name, region_name=REGION)
    if callable(getattr(session_or_clients, "client", None)):
        return lambda name: session_or_clients.client(name, region_name=REGION)
    if isinstance(session_or_clients, Mapping):
        return lambda name: session_or_clients[name]
    if callable(session_or_clients):
        return session_or_clients
    raise TypeError("pass a boto3 Session, a mapping of service name to client, or a factory")


def create_resources(
    template: Mapping,
    session_or_clients: Any = None,
    overrides: Mapping[str, str] | None = None,
    *,
    root: str | Path = ".",
    stack_name: str = STACK_NAME,
) -> Resources:
    """Create every resource of `template` and return their physical ids.

    `overrides` replaces parameter defaults (like `sam deploy --parameter-overrides`);
    `root` is the directory relative paths in the template (DefinitionUri) start from.
    """
    clients: dict[str, Any] = {}
    factory = _client_factory(session_or_clients)

    def client(name: str) -> Any:
        if name not in clients:
            clients[name] = factory(name)
        return clients[name]

    res = Resources(stack_name=stack_name, parameters=parameter_values(template, overrides))
    builder = _Builder(res, client, Path(root))
    pending = dict(template.get("Resources", {}))
    res.dead_letter_queues = {
        target_logical_id(r["Properties"]["RedrivePolicy"]["deadLetterTargetArn"])
        for r in pending.values()
        if r.get("Type") == "AWS::SQS::Queue" and "RedrivePolicy" in r.get("Properties", {})
    } | failure_queues(template)
    # Create in dependency order without computing it: whatever refers to a resource not
    # made yet raises Unresolved and waits for the next round.
    while pending:
        progressed = False
        for lid, resource in list(pending.items()):
            try:
                builder.create(lid, resource)
            except Unresolved:
                continue
            del pending[lid]
            progressed = True
        if not progressed:
            raise Unresolved(f"cannot resolve references of {sorted(pending)}")
    builder.verify_email_sender()
    return res


def failure_queues(template: Mapping) -> set[str]:
    """Queues that keep what failed for good: functions' on-failure destinations (EventInvokeConfig) and
    their event sources' dead-letter queues (DeadLetterConfig). Like redrive targets, nothing consumes them."""
    found = set()
    for r in template.get("Resources", {}).values():
        p = r.get("Properties", {})
        on_failure = ((p.get("EventInvokeConfig") or {}).get("DestinationConfig") or {}).get("OnFailure") or {}
        found.add(target_logical_id(on_failure.get("Destination")))
        for event in (p.get("Events") or {}).values():
            found.add(target_logical_id((event.get("Properties", {}).get("DeadLetterConfig") or {}).get("Arn")))
    return found - {""}


def target_logical_id(value: Any) -> str:
    if isinstance(value, Mapping) and "Fn::GetAtt" in value:
        arg = value["Fn::GetAtt"]
        return arg.split(".", 1)[0] if isinstance(arg, str) else arg[0]
    return ""


def _dummy_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("app.py", "def lambda_handler(event, context):\n    return event\n")
    return buf.getvalue()


class _Builder:
    def __init__(self, res: Resources, client: Callable[[str], Any], root: Path) -> None:
        self.res = res
        self.client = client
        self.root = root
        self._role_arn: str | None = None

    def physical_name(self, lid: str) -> str:
        return f"{self.res.stack_name}-{lid}"

    def create(self, lid: str, resource: Mapping) -> None:
        kind = resource.get("Type", "")
        props = self.res.resolver().resolve(resource.get("Properties", {}))
        method = {
            "AWS::DynamoDB::Table": self.table,
            "AWS::SQS::Queue": self.queue,
            "AWS::Events::EventBus": self.event_bus,
            "AWS::S3::Bucket": self.bucket,
            "AWS::Cognito::UserPool": self.user_pool,
            "AWS::Cognito::UserPoolClient": self.user_pool_client,
            "AWS::SecretsManager::Secret": self.secret,
            "AWS::Logs::LogGroup": self.log_group,
            FUNCTION: self.function,
            STATE_MACHINE: self.state_machine,
        }.get(kind)
        if method is None:
            # Layers, the HTTP API, the console's CloudFront distribution: nothing to create locally,
            # but Ref and GetAtt must work.
            self.res.refs[lid] = f"local-{lid.lower()}"
            self.res.attrs[lid] = _Placeholders(lid)
            return
        method(lid, props)

    def table(self, lid: str, p: dict) -> None:
        name = p.get("TableName") or self.physical_name(lid)
        args: dict[str, Any] = {
            "TableName": name,
            "AttributeDefinitions": p["AttributeDefinitions"],
            "KeySchema": p["KeySchema"],
            "BillingMode": p.get("BillingMode", "PROVISIONED"),
        }
        for key in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes", "StreamSpecification", "ProvisionedThroughput"):
            if key in p:
                args[key] = p[key]
        if "StreamSpecification" in args:  # CloudFormation's has only the view type; the API's says "enabled"
            args["StreamSpecification"] = {"StreamEnabled": True, **args["StreamSpecification"]}
        ddb = self.client("dynamodb")
        desc = ddb.create_table(**args)["TableDescription"]
        ttl = p.get("TimeToLiveSpecification")
        if ttl and str(ttl.get("Enabled")).lower() == "true":
            ddb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": True},
            )
        self.res.refs[lid] = name
        self.res.attrs[lid] = {"Arn": desc["TableArn"], "TableName": name, "StreamArn": desc.get("LatestStreamArn", "")}

    def queue(self, lid: str, p: dict) -> None:
        fifo = str(p.get("FifoQueue", "false")).lower() == "true"
        name = p.get("QueueName") or self.physical_name(lid)
        if fifo and not name.endswith(".fifo"):
            name += ".fifo"
        attributes: dict[str, str] = {}
        for key in (
            "FifoQueue",
            "ContentBasedDeduplication",
            "VisibilityTimeout",
            "MessageRetentionPeriod",
            "DelaySeconds",
            "MaximumMessageSize",
            "DeduplicationScope",
            "FifoThroughputLimit",
        ):
            if key in p:
                attributes[key] = str(p[key]).lower() if isinstance(p[key], bool) else str(p[key])
        if "RedrivePolicy" in p:
            attributes["RedrivePolicy"] = json.dumps(p["RedrivePolicy"])
        sqs = self.client("sqs")
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.res.refs[lid] = url
        self.res.attrs[lid] = {"Arn": arn, "QueueName": name, "QueueUrl": url}

    def event_bus(self, lid: str, p: dict) -> None:
        name = p.get("Name") or self.physical_name(lid)
        arn = self.client("events").create_event_bus(Name=name)["EventBusArn"]
        self.res.refs[lid] = name
        self.res.attrs[lid] = {"Arn": arn, "Name": name}

    def bucket(self, lid: str, p: dict) -> None:
        name = p.get("BucketName") or self.physical_name(lid).lower()
        self.client("s3").create_bucket(Bucket=name)
        self.res.refs[lid] = name
        self.res.attrs[lid] = {
            "Arn": f"arn:aws:s3:::{name}",
            "DomainName": f"{name}.s3.amazonaws.com",
            "RegionalDomainName": f"{name}.s3.{REGION}.amazonaws.com",
        }

    def user_pool(self, lid: str, p: dict) -> None:
        args: dict[str, Any] = {"PoolName": p.get("UserPoolName") or self.physical_name(lid)}
        for key in (
            "Schema",
            "UsernameConfiguration",
            "AdminCreateUserConfig",
            "UsernameAttributes",
            "AliasAttributes",
            "AutoVerifiedAttributes",
            "MfaConfiguration",
        ):
            if key in p:
                args[key] = p[key]
        if "Policies" in p:
            args["Policies"] = p["Policies"]
        pool = self.client("cognito-idp").create_user_pool(**args)["UserPool"]
        pool_id = pool["Id"]
        self.res.refs[lid] = pool_id
        self.res.attrs[lid] = {
            "Arn": pool["Arn"],
            "ProviderName": f"cognito-idp.{REGION}.amazonaws.com/{pool_id}",
            "ProviderURL": f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id}",
            "UserPoolId": pool_id,
        }

    def user_pool_client(self, lid: str, p: dict) -> None:
        args: dict[str, Any] = {
            "UserPoolId": p["UserPoolId"],
            "ClientName": p.get("ClientName") or self.physical_name(lid),
        }
        for key in (
            "GenerateSecret",
            "ExplicitAuthFlows",
            "ReadAttributes",
            "WriteAttributes",
            "AllowedOAuthFlows",
            "AllowedOAuthScopes",
            "CallbackURLs",
            "SupportedIdentityProviders",
        ):
            if key in p:
                args[key] = p[key]
        created = self.client("cognito-idp").create_user_pool_client(**args)["UserPoolClient"]
        self.res.refs[lid] = created["ClientId"]
        self.res.attrs[lid] = {"ClientId": created["ClientId"]}

    def secret(self, lid: str, p: dict) -> None:
        # GenerateSecretString is CloudFormation's: the same request to GetRandomPassword makes the value.
        sm = self.client("secretsmanager")
        value = p.get("SecretString")
        if value is None:
            spec = dict(p.get("GenerateSecretString") or {})
            template, key = spec.pop("SecretStringTemplate", None), spec.pop("GenerateStringKey", None)
            value = sm.get_random_password(**spec)["RandomPassword"]
            if template and key:
                value = json.dumps({**json.loads(template), key: value})
        name = p.get("Name") or self.physical_name(lid)
        arn = sm.create_secret(Name=name, Description=p.get("Description", ""), SecretString=value)["ARN"]
        self.res.refs[lid] = arn  # Ref of a secret is its ARN
        self.res.attrs[lid] = {"Id": arn}

    def role_arn(self) -> str:
        # One role for every function and state machine: moto checks only that it exists.
        if self._role_arn is None:
            iam = self.client("iam")
            name = f"{self.res.stack_name}-local-role"
            trust = {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": ["lambda.amazonaws.com", "states.amazonaws.com"]},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
            try:
                self._role_arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
            except iam.exceptions.EntityAlreadyExistsException:
                self._role_arn = iam.get_role(RoleName=name)["Role"]["Arn"]
        return self._role_arn

    def function(self, lid: str, p: dict) -> None:
        # A stand-in so that Step Functions tasks and the Invoke API find the function;
        # the local runtime runs the real handler in its place.
        name = p.get("FunctionName") or self.physical_name(lid)
        created = self.client("lambda").create_function(
            FunctionName=name,
            Runtime=p.get("Runtime", "python3.12"),
            Role=self.role_arn(),
            Handler=p.get("Handler", "app.lambda_handler"),
            Code={"ZipFile": _dummy_zip()},
            Timeout=int(p.get("Timeout", 3)),
            MemorySize=int(p.get("MemorySize", 128)),
        )
        self.res.refs[lid] = name
        self.res.attrs[lid] = {"Arn": created["FunctionArn"], "FunctionName": name}

    def state_machine(self, lid: str, p: dict) -> None:
        if "DefinitionUri" in p:
            definition = (self.root / p["DefinitionUri"]).read_text()
        else:
            definition = json.dumps(p["Definition"])
        for key, value in (p.get("DefinitionSubstitutions") or {}).items():
            definition = definition.replace("${" + key + "}", str(value))
        name = p.get("Name") or self.physical_name(lid)
        arn = self.client("stepfunctions").create_state_machine(
            name=name, definition=definition, roleArn=self.role_arn(), type=p.get("Type", "STANDARD")
        )["stateMachineArn"]
        self.res.refs[lid] = arn
        self.res.attrs[lid] = {"Arn": arn, "Name": name}

    def log_group(self, lid: str, p: dict) -> None:
        # The SLA sweep's Express workflow logs its failures here (Logging in template.yaml).
        name = p.get("LogGroupName") or self.physical_name(lid)
        logs = self.client("logs")
        logs.create_log_group(logGroupName=name)
        arn = logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]["arn"]
        self.res.refs[lid] = name
        self.res.attrs[lid] = {"Arn": arn}

    def verify_email_sender(self) -> None:
        # Notification emails are sent from the EmailSender identity; SES refuses
        # unverified senders, so verify it the way an operator would once per account.
        sender = self.res.parameters.get("EmailSender")
        if sender:
            self.client("ses").verify_email_identity(EmailAddress=sender)
