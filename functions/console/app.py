"""Console: reads, team and setup, and the OpenAPI document of the whole API."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths

from switchboard import wiring
from switchboard.api.http import make_resolver

# First path segment -> the module serving it, imported on the first request under it (api/http.py): a request
# uses one of these modules, and a cold start imports none of them (tests/unit/test_console_routes.py holds the
# table equal to the modules' routes).
ROUTE_MODULES = {
    "me": "switchboard.api.team", "agents": "switchboard.api.team", "settings": "switchboard.api.team",
    "connections": "switchboard.api.setup", "rules": "switchboard.api.setup",
    "conversations": "switchboard.api.inbox", "inbox": "switchboard.api.inbox",
    "tags": "switchboard.api.catalog", "templates": "switchboard.api.catalog",
    "reports": "switchboard.api.reports",
    "openapi.json": "switchboard.api.openapi", "docs": "switchboard.api.openapi",
}

logger = Logger()
app = make_resolver(on_demand=ROUTE_MODULES)
# Every request reads its agent first (api/http.py): that repository, and the DynamoDB client code it brings, are
# made while the container starts, not in its first request.
wiring.agents()


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
def lambda_handler(event, context):
    return app.resolve(event, context)
