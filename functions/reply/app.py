"""Reply: agent replies and reply-and-resolve, upload URLs, draft translation."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths

from switchboard.api import replies
from switchboard.api.http import make_resolver

logger = Logger()
app = make_resolver(replies.routes())


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
def lambda_handler(event, context):
    return app.resolve(event, context)
