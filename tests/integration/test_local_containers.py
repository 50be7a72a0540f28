"""The local stack's containers share one process (local/runtime.py): none builds a pydantic model on first use."""

from __future__ import annotations

from local import pydantic_models
from local.runtime import FunctionRuntime, FunctionSpec
from tests.moto_env import ROOT


def test_a_local_container_serves_with_every_model_it_imported_built(aws):
    # Given the console function as the local stack runs it (its routers import most of the API's models)
    spec = FunctionSpec(logical_id="ConsoleFunction", code_dir=ROOT / "functions" / "console",
                        handler="app.lambda_handler", physical_name="console",
                        arn="arn:aws:lambda:us-east-1:123456789012:function:console", timeout_s=30, memory_mb=512)

    # When one of its containers is started
    FunctionRuntime(spec).warm()

    # Then no switchboard model is left to be built by the first requests, which may come at the same moment
    assert pydantic_models.deferred() == []
    built = {m.__name__ for m in pydantic_models._subclasses(pydantic_models.BaseModel) if m.__module__.startswith("switchboard.")}
    assert {"Conversation", "ConversationOut", "NewZaloConnection"} <= built
