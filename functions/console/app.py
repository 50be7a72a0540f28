"""Console: reads, team and setup, and the OpenAPI document of the whole API."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths

from switchboard.api import catalog, inbox, openapi, reports, setup, team
from switchboard.api.http import make_resolver

logger = Logger()
app = make_resolver(team.routes(), setup.routes(), inbox.routes(), catalog.routes(), reports.routes(), openapi.routes())


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
def lambda_handler(event, context):
    return app.resolve(event, context)
