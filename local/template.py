"""Reading template.yaml and resolving its intrinsic functions against local resources.

Only what this template uses is resolved: Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select
and the pseudo parameters. A reference to a resource not created yet raises `Unresolved`,
which lets resource creation simply retry in dependency order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import cfnlint.decode

STACK_NAME = "switchboard-local"
REGION = "us-east-1"
ACCOUNT_ID = "123456789012"


class Unresolved(LookupError):
    """A reference to a resource that does not exist (yet)."""


def load_template(path: str | Path) -> dict:
    template, problems = cfnlint.decode.decode(str(path))
    if template is None:
        raise ValueError(f"cannot read {path}: {problems}")
    # cfn-lint's node classes carry line marks; plain data is easier to pass around.
    return json.loads(json.dumps(template))


def parameter_values(template: Mapping, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    values = {name: str(p.get("Default", "")) for name, p in template.get("Parameters", {}).items()}
    values.update(overrides or {})
    return values


def resources_of_type(template: Mapping, *types: str) -> dict[str, dict]:
    return {lid: r for lid, r in template.get("Resources", {}).items() if r.get("Type") in types}


def function_events(template: Mapping, *types: str) -> Iterator[tuple[str, str, dict]]:
    """(function logical id, event id, event) of every function event of one of `types` (SQS, DynamoDB...)."""
    for lid, r in resources_of_type(template, "AWS::Serverless::Function").items():
        for event_id, event in (r.get("Properties", {}).get("Events") or {}).items():
            if event.get("Type") in types:
                yield lid, event_id, event


class Resolver:
    """Resolves intrinsics. `refs[logical_id]` is a resource's Ref; `attrs[logical_id][name]` its GetAtt."""

    def __init__(
        self,
        parameters: Mapping[str, str],
        refs: Mapping[str, str],
        attrs: Mapping[str, Mapping[str, str]],
        stack_name: str = STACK_NAME,
        region: str = REGION,
        account_id: str = ACCOUNT_ID,
    ) -> None:
        self.parameters = parameters
        self.refs = refs
        self.attrs = attrs
        self.pseudo = {
            "AWS::StackName": stack_name,
            "AWS::Region": region,
            "AWS::AccountId": account_id,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::NoValue": None,
        }

    def ref(self, name: str) -> Any:
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        if name in self.refs:
            return self.refs[name]
        raise Unresolved(f"Ref {name}")

    def get_att(self, logical_id: str, attribute: str) -> str:
        try:
            return self.attrs[logical_id][attribute]
        except KeyError:
            raise Unresolved(f"GetAtt {logical_id}.{attribute}") from None

    def sub(self, text: str, variables: Mapping[str, Any] | None = None) -> str:
        variables = {k: self.resolve(v) for k, v in (variables or {}).items()}

        def replace(match: re.Match) -> str:
            name = match.group(1)
            if name.startswith("!"):  # ${!Literal} is an escaped ${Literal}
                return "${" + name[1:] + "}"
            if name in variables:
                return str(variables[name])
            if "." in name and not name.startswith("AWS::"):
                return str(self.get_att(*name.split(".", 1)))
            return str(self.ref(name))

        return re.sub(r"\$\{([^}]+)\}", replace, text)

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if not isinstance(value, Mapping):
            return value
        if len(value) == 1:
            (key, arg), = value.items()
            if key == "Ref":
                return self.ref(arg)
            if key == "Fn::GetAtt":
                parts = arg.split(".", 1) if isinstance(arg, str) else arg
                return self.get_att(parts[0], parts[1])
            if key == "Fn::Sub":
                if isinstance(arg, str):
                    return self.sub(arg)
                return self.sub(arg[0], arg[1])
            if key == "Fn::Join":
                return arg[0].join(str(v) for v in self.resolve(arg[1]))
            if key == "Fn::Select":
                return self.resolve(arg[1])[int(self.resolve(arg[0]))]
        return {k: self.resolve(v) for k, v in value.items()}
