"""Console: reads, team and setup, and the OpenAPI document of the whole API."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths

from switchboard.api.http import make_resolver
from switchboard.api.openapi import add_documentation, all_routes

logger = Logger()
# Every router is mounted so /openapi.json describes the whole API; API Gateway sends this
# function only the console's own routes.
app = add_documentation(make_resolver(*all_routes()))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
def lambda_handler(event, context):
    return app.resolve(event, context)
